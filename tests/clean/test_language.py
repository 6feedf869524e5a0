"""Language identification: deterministic, Ukrainian vs Russian, and ``und`` rather than a guess."""

from __future__ import annotations

import pytest

from searchsvc.clean.language import (
    UNDETERMINED,
    Detector,
    detect,
    detect_article,
    dictionary_evidence,
    parse_languages,
    prepare,
    without_names,
)
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


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # headlines in capitals or Title Case whose names (German-spelt firms, places) the n-grams read as
        # German, Danish or Italian: names leave the n-grams, and the n-grams weigh less beside the words
        ("HARTMANN ELEKTRONIK <HEG.F> WINS ORDER FROM SIEMENS", "en"),
        ("Fischer Wins Giant Slalom In Kitzbuehel", "en"),
        ("Brandt edges Kowalczyk for Bundesliga lead", "en"),
        ("Gold prices continue decline", "en"),
        # short Russian headlines that the n-grams read as Bulgarian
        ("Названа дата визита Шольца в Пекин", "ru"),
        ("Певица показала фото без макияжа", "ru"),
        # a Ukrainian headline without і ї є that the n-grams read as Russian (назвав: Ukrainian only)
        ("Трамп назвав Байдена слабким президентом", "uk"),
    ],
)
def test_headline_misses_of_issue_19(text, lang):
    assert detect(text).lang == lang


def test_names_leave_the_ngrams_of_title_case_headlines_only():
    assert without_names("Fischer Wins Giant Slalom In Kitzbuehel") == "Fischer Wins Giant Slalom In"
    assert without_names("Hartmann Elektronik wins an order") == "Hartmann Elektronik wins an order"
    german = "Bundesregierung Beschließt Höhere Ausgaben"  # no dictionary word: nothing is a name
    assert without_names(german) == german


def test_a_title_takes_its_articles_language():
    assert detect("Суд Божий").lang == "ru"  # spelt alike in both: alone, the n-grams say Russian
    assert detect_article("Суд Божий", "Вистава йде в театрі з понеділка.").lang == "uk"
    body = "Shr 41 cts vs 38 cts. Net 5.2 mln vs 4.8 mln."  # figures and abbreviations read as Swedish
    assert detect(body).lang != "en"
    assert detect_article("PETROBRAS SEES OUTPUT RISE", body).lang == "en"
    assert detect_article("Уряд скоротив видатки", "").lang == "uk"
    assert detect_article("", "").lang == UNDETERMINED


def test_dictionary_evidence():
    """A word only one Cyrillic dictionary knows counts against the other; a Russian-only one not against
    Bulgarian (shared vocabulary), a Ukrainian-only one against both; a lower-case word neither knows
    counts against both (Bulgarian has no dictionary here); English gains for known words."""
    ru_only = dictionary_evidence(["показал"], ["ru", "uk", "bg"])
    assert ru_only["uk"] < 0 < ru_only["ru"] and ru_only["bg"] == 0
    uk_only = dictionary_evidence(["вимирають"], ["ru", "uk", "bg"])
    assert uk_only["ru"] < 0 and uk_only["bg"] < 0 < uk_only["uk"]
    shared = dictionary_evidence(["суд", "Трамп"], ["ru", "uk"])
    assert shared["ru"] == shared["uk"]
    unknown = dictionary_evidence(["трябва", "годишен"], ["ru", "uk", "bg"])
    assert unknown["ru"] == unknown["uk"] < unknown["bg"] == 0
    assert dictionary_evidence(["Мобиком"], ["ru", "uk", "bg"]) == {"ru": 0.0, "uk": 0.0, "bg": 0.0}
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


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Їй 34 роки…", "uk"),
        ("Ещё бы!", "ru"),
        ("ЗАЯВА", "uk"),
        ("Новини", "uk"),
        ("Привет", "ru"),
        ("Да.", "und"),
        ("<ACME LTD> YEAR NET", "en"),
        ("<ACME LTD> 4TH QTR NET", "und"),
    ],
)
def test_very_short_text_is_named_by_decisive_letters_or_one_dictionary(text, lang):
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
        ("СТБ: Тереза Мей про Brexit", "Тереза Мей про"),
        ("Shr 41 cts vs 38 cts, Net 5.2 mln", "Net"),
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
