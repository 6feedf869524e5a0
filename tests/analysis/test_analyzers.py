"""Analysis per language, token by token, and the per-language fields of the schema."""

from __future__ import annotations

import pytest

from searchsvc.analysis.analyzers import (
    LANGUAGES,
    analysis_language,
    fold,
    index_terms,
    name_analyzer,
    reference_name_analyzer,
    reference_text_analyzer,
    text_analyzer,
)
from searchsvc.clean.article import Article
from searchsvc.indexing.schema import FIELD_GROUPS, build_schema, to_fields


def terms(lang: str, text: str) -> list[str]:
    return [t.text for t in text_analyzer(lang)(text)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "The runners were running to the stations", ["runner", "run", "station"]),
        ("en", "NATO's NATO’s NATOʼs", ["nato", "nato", "nato"]),
        ("en", "Café Zürich résumé", ["cafe", "zurich", "resum"]),
        ("ru", "Новости о новостях и новостями", ["новост", "новост", "новост"]),
        ("ru", "Ёлка ЕЛКА ёлки", ["елк", "елк", "елк"]),
        ("uk", "Міністри зустрілися з міністрами", ["міністр", "зустрітися", "міністр"]),
        ("uk", "п'ять п’ять пʼять", ["пять", "пять", "пять"]),
        ("uk", "України Україною Україна", ["україна", "україна", "україна"]),
    ],
)
def test_terms_per_language(lang, text, expected):
    assert terms(lang, text) == expected


def test_cyrillic_short_i_is_not_folded_away():
    # Folding й to и (as generic accent folding does) would break the Russian stemmer's endings.
    assert terms("ru", "чайник") == ["чайник"]
    assert fold("йод") == "йод"


def test_latin_words_in_cyrillic_text_get_english_stems():
    assert terms("ru", "санкции sanctions") == ["санкц", "sanction"]
    assert terms("uk", "санкції sanctions") == ["санкція", "sanction"]


def test_stop_words_per_language():
    assert terms("en", "the and of") == []
    assert terms("ru", "и в не") == []
    assert terms("uk", "і в не що") == []


def test_stop_words_go_by_script_as_stems_do():
    """An English stop word in a Russian or Ukrainian article is no word, nor is a Russian one in an
    English article: every analyzer reads a word of the other script as it stems it."""
    assert terms("ru", "встреча в Москве, the summit") == ["встреч", "москв", "summit"]
    assert terms("uk", "зустріч, the summit") == ["зустріч", "summit"]
    assert terms("en", "the summit в Москве") == ["summit", "москв"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. and U.N. forces", ["us", "un", "forc"]),
        ("U.S . policy, the U.S.'s aid", ["us", "polici", "us", "aid"]),  # spaced as some archives write it
        ("J.F. Kennedy, A.B.C-news, J.O'Brien", ["jf", "kennedi", "abc", "news", "j", "obrien"]),
        ("at 3 p.m., e.g. St.Petersburg", ["3", "pm", "eg", "st", "petersburg"]),
    ],
)
def test_dotted_abbreviations_are_one_word(text, expected):
    assert terms("en", text) == expected
    assert index_terms("en", text) == expected


def test_names_are_folded_not_stemmed():
    assert [t.text for t in name_analyzer()("Zelenskyy’s O’Brien Ёлкин")] == ["zelenskyy", "obrien", "елкин"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [("en", "", "en"), ("ru", "", "ru"), ("uk", "", "uk"), ("bg", "Здравей свят", "ru"), ("und", "Привіт, їжак", "uk")],
)
def test_analysis_language(lang, text, expected):
    assert analysis_language(lang, text) == expected


def test_an_article_fills_the_fields_of_its_language_only():
    article = Article("a1", "p", "Міністри", "Зустріч у Києві", None, None, None, None, "uk", ())
    fields = to_fields(article)
    assert fields["title_uk"] == "Міністри" and fields["body_uk"] == "Зустріч у Києві"
    assert not {"title_en", "title_ru", "body_en", "body_ru"} & set(fields)
    assert fields["title"] == "Міністри" and fields["body"] == "Зустріч у Києві"  # stored for display
    schema = build_schema()
    assert set(FIELD_GROUPS["body"]) == {"body_en", "body_ru", "body_uk"}
    assert all(name in schema for group in FIELD_GROUPS.values() for name in group)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The Kremlin’s “special” O'Brien said: NATO-led talks in Zürich, 2024 — Ukraine's partners."),
        ("ru", "Ёлки и новые учения НАТО в 2024 году; министр заявил, что sanctions работают."),
        ("uk", "Міністри зустрілися у м’ясній крамниці; п'ять пʼять п’ять, України і Києва."),
    ],
)
def test_fast_index_terms_equal_the_analyzer(lang, text):
    assert index_terms(lang, text) == terms(lang, text)


EQUIVALENCE_TEXTS = [
    "The runners were running to the stations, and the NATO’s chief said: “We’ll see.”",
    "the the and of",
    "Ёлки и новые учения НАТО в 2024 году — что дальше? п'ять п’ять",
    "Міністри зустрілися у м’ясній крамниці, і це ще не все",
    "Café Zürich résumé O’Brien Zelenskyy’s 's 42 x_y",
    "U.S. and U.N. aid, U.S . policy, т.е. J.F. Kennedy's J.O'Brien Д.А. Медведев",
    "",
]


@pytest.mark.parametrize("text", EQUIVALENCE_TEXTS)
@pytest.mark.parametrize("lang", [*LANGUAGES, None])
@pytest.mark.parametrize(
    "options",
    [
        {"positions": True, "chars": True},
        {"positions": True, "removestops": False, "mode": "query"},
        {"chars": True, "removestops": False, "mode": "query"},  # what ``ranking.query_words`` asks
        {"chars": True, "keeporiginal": True, "start_pos": 3, "start_char": 7},
        {"positions": True, "chars": True, "tokenize": False},
    ],
)
def test_word_tokenizer_equals_the_chain_of_filters(text, lang, options):
    """The one-step tokenizer yields what the chain of Whoosh filters defining the analysis yields."""
    fast = text_analyzer(lang) if lang else name_analyzer()
    chain = reference_text_analyzer(lang) if lang else reference_name_analyzer()
    fields = ("text", "stopped", "pos", "startchar", "endchar", "original", "boost")

    def tokens(analyzer):
        return [tuple(getattr(t, name, None) for name in fields) for t in analyzer(text, **options)]

    assert tokens(fast) == tokens(chain)


@pytest.mark.parametrize("text", EQUIVALENCE_TEXTS)
def test_vocabulary_tokenizer_equals_its_chain_of_filters(text):
    from searchsvc.analysis.analyzers import reference_vocabulary_analyzer, vocabulary_analyzer

    def tokens(analyzer):
        return [(t.text, t.pos, t.startchar) for t in analyzer(text, positions=True, chars=True)]

    assert tokens(vocabulary_analyzer()) == tokens(reference_vocabulary_analyzer())
