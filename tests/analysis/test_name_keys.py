"""The name-key analyzer: which words of an article and of a query become keys, and in which script's tag."""

from __future__ import annotations

from searchsvc.analysis.name_keys import CYRILLIC, LATIN, name_key_analyzer


def _index(text: str) -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in name_key_analyzer()(text, positions=True, mode="index")]


def _query(text: str) -> list[str]:
    return [t.text for t in name_key_analyzer()(text, mode="query")]


def test_article_names_are_keyed_in_their_script_next_to_each_other_as_in_the_text():
    assert _index("Генсек НАТО Йенс Столтенберг заявил") == [
        (f"{CYRILLIC}nat", 1),
        (f"{CYRILLIC}ens", 2),
        (f"{CYRILLIC}stoltenberh", 3),
    ]
    # another word between two names leaves a gap, so that a phrase of the two does not match
    assert _index("allies of Jens Stoltenberg and Kuleba") == [
        (f"{LATIN}ens", 1),
        (f"{LATIN}stoltenberh", 2),
        (f"{LATIN}kuleb", 4),
    ]


def test_sentence_starts_are_names_only_when_the_dictionary_says_so():
    assert _index("However, it rained. Stoltenberg spoke.") == [(f"{LATIN}stoltenberh", 1)]
    assert _index("Мир изменился. Путин промолчал.") == [(f"{CYRILLIC}putin", 1)]
    assert _index("Говорили про Мир.") == [(f"{CYRILLIC}mir", 1)]  # mid-sentence capitals name something


def test_lower_case_words_and_stop_words_are_no_names():
    assert _index("the minister and The President") == [(f"{LATIN}presaident", 1), (f"{LATIN}president", 1)]
    assert _index("кулеба и зеленский") == []


def test_a_query_word_looks_in_the_other_scripts_keys_whatever_its_case():
    assert _query("столтенберг Зеленського") == [f"{LATIN}stoltenberh", f"{LATIN}selensk"]
    assert _query("kuleba Trump") == [f"{CYRILLIC}kuleb", f"{CYRILLIC}tramp", f"{CYRILLIC}trump"]


def test_ordinary_query_words_have_an_empty_key():
    assert _query("мир war лев повернути створення і the") == [
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]  # Ukrainian without і, ї, є, ґ


def test_a_prefix_has_no_key():
    assert list(name_key_analyzer()("Столт", mode="query", tokenize=False)) == []
