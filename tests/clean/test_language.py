"""Language identification: deterministic, Ukrainian vs Russian, and ``und`` rather than a guess."""

from __future__ import annotations

import pytest

from searchsvc.clean.language import UNDETERMINED, Detector, detect, dictionary_evidence, parse_languages, prepare
from tests.corpora import SHARED

LANGID = SHARED / "bench" / "langid"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("NATO members and Ukraine will step up their industrial cooperation this year.", "en"),
        ("Министр обороны заявил, что поставки вооружений будут увеличены.", "ru"),
        ("Міністр оборони заявив, що постачання озброєнь буде збільшено.", "uk"),
        # all-caps headlines: langdetect skips words written in capitals
        ("STRONG QUAKE JOLTS CENTRAL JAPAN", "en"),
        ("BUNDESBANK REPORTED TO HAVE NO PLAN FOR RATE CUT", "en"),
        # short Russian sentences that plain langdetect reads as Bulgarian or Macedonian
        ("Итак, прощайте и помните меня.", "ru"),
        ("Вот я сейчас тест придумаю.", "ru"),
        ("Разговор Александра с Отто.", "ru"),
        # Ukrainian with Latin "i" typed for "і", and with a Latin brand name inside
        ("Але тут вiн в трьох роках не скiнчив ще й другого класу.", "uk"),
        ("Тереза Мей виключила ще один референдум з питання Brexit", "uk"),
        ("Тіло його потужне, а разом з тим струнке, можна сказати, сухорляве.", "uk"),
        # languages outside the primary ones stay themselves when the text is long enough to tell
        ("Die Bundesregierung hat am Mittwoch beschlossen, die Ausgaben für die Verteidigung zu erhöhen.", "de"),
        ("Le gouvernement a décidé mercredi d'augmenter les dépenses de défense du pays.", "fr"),
        (
            "Мобиком трябва да заплати милиони евро за годишен лиценз до края на март, съобщиха от "
            "комисията. Според експертите това е най-високата сума, плащана досега в България.",
            "bg",
        ),
    ],
)
def test_detects(text, lang):
    assert detect(text).lang == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # short Ukrainian headlines without і ї є, whose letters langdetect's profiles read as Russian:
        # the words only the Ukrainian dictionary knows (мости, закрито, видатки, вимирають) tell them
        ("Мости через Дунай закрито", "uk"),
        ("Уряд скоротив видатки", "uk"),
        ("Бджоли вимирають", "uk"),
        # an all-caps headline of a name and English words that the n-grams alone read as German
        ("VOLVO SEES BETTER YEAR", "en"),
    ],
)
def test_dictionaries_settle_short_headlines(text, lang):
    assert detect(text).lang == lang


def test_dictionary_evidence():
    """A word only one Cyrillic dictionary knows counts against the other; a Russian-only one not against
    Bulgarian (shared vocabulary), a Ukrainian-only one against both; English gains for known words."""
    ru_only = dictionary_evidence(["показал"], ["ru", "uk", "bg"])
    assert ru_only["uk"] < 0 and ru_only["ru"] == ru_only["bg"] == 0
    uk_only = dictionary_evidence(["вимирають"], ["ru", "uk", "bg"])
    assert uk_only["ru"] < 0 and uk_only["bg"] < 0 and uk_only["uk"] == 0
    assert dictionary_evidence(["суд", "Трамп"], ["ru", "uk"]) == {"ru": 0.0, "uk": 0.0}
    english = dictionary_evidence(["Sees", "better", "year"], ["de", "en"])
    assert english["en"] > 0 and english["de"] == 0
    assert dictionary_evidence(["Aktionäre", "verlangen"], ["de", "en"])["en"] < 0


def test_short_bulgarian_is_never_read_as_russian():
    assert detect("Мобиком трябва да заплати милиони евро за годишен лиценз до края на март.").lang in ("bg", "und")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ok",
        "12345 67890 !!!",
        "NATO",
        "Да.",
        "https://example.org/x",
        "The minister spoke first on Tuesday. Министр обороны заявил, что поставки будут увеличены.",
    ],
)
def test_too_little_or_mixed_text_is_undetermined(text):
    assert detect(text).lang == UNDETERMINED


@pytest.mark.parametrize(("text", "lang"), [("Їй 34 роки…", "uk"), ("Ещё бы!", "ru"), ("Новини", "und")])
def test_very_short_text_is_named_only_by_decisive_letters(text, lang):
    assert detect(text).lang == lang


def test_deterministic():
    text = "Stoltenberg Kyiv forum"
    assert len({detect(text) for _ in range(20)}) == 1


def test_primary_languages_setting_changes_the_reading_of_short_cyrillic():
    text = "Итак, прощайте и помните меня."
    assert detect(text, ("en", "ru", "uk")).lang == "ru"
    assert detect(text, ("en", "bg")).lang == "bg"
    assert parse_languages("en, RU") == ("en", "ru")


@pytest.mark.parametrize(
    ("text", "prepared"),
    [
        ("СТБ: Тереза Мей про Brexit", "СТБ Тереза Мей про"),
        ("вiн скiнчив", "він скінчив"),
        ("HOLLINGER <HLG.TO> PAYING FOR BUY https://x.org/a", "Hollinger Paying For Buy"),
        ("Normal Text with NATO", "Normal Text with NATO"),
    ],
)
def test_prepare(text, prepared):
    assert prepare(text) == prepared


def _samples() -> list[str]:
    if not LANGID.is_dir():
        pytest.skip(f"shared benchmark data not found at {LANGID}")
    texts = []
    for kind in ("sentences", "headlines"):
        for lang in ("en", "ru", "uk"):
            texts += (LANGID / kind / f"{lang}.txt").read_text(encoding="utf-8").splitlines()[:40]
    return texts


def test_langdetect_rs_and_langdetect_agree():
    """The fast backend must give the very same answers as the reference implementation."""
    pytest.importorskip("langdetect_rs", reason="langdetect-rs is an optional speed-up")
    fast, reference = Detector(backend="langdetect_rs"), Detector(backend="langdetect")
    texts = _samples()
    assert [fast.detect(t) for t in texts] == [reference.detect(t) for t in texts]
