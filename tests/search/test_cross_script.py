"""Names across scripts: a name typed in Cyrillic finds its Latin spellings and the reverse, on real indexes."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchsvc.indexing.schema import Boosts, build_schema, search_fields
from searchsvc.search.service import SearchRequest, search
from searchsvc.search.serving import IndexHandle
from tests.corpora import filler, index_articles
from tests.search.test_service import SEED_IDS

ZELENSKYY_SEEDS = {"000_b453508c03bb7b23", "003_a68eed9637060dc6", "004_b83fb34b83eaf465"}  # they name him

ARTICLES = [
    (
        "uk-kuleba",
        "uk",
        "Кулеба закликав партнерів пришвидшити постачання",
        "Міністр закордонних справ Дмитро Кулеба заявив, що Україна чекає на нові системи ППО. Кулеба"
        " наголосив, що зима буде важкою.",
    ),
    (
        "ru-stoltenberg",
        "ru",
        "Столтенберг о помощи Украине",
        "Генеральный секретарь НАТО Йенс Столтенберг заявил, что союзники продолжат помощь Украине.",
    ),
    (
        "en-stoltenberg",
        "en",
        "Stoltenberg on aid to Ukraine",
        "NATO Secretary General Jens Stoltenberg said that the allies will keep helping Ukraine.",
    ),
    ("en-mir", "en", "Mir space station remembered", "The Mir station flew for fifteen years; Mir was Russian."),
    ("ru-mir", "ru", "Мир и война", "Стороны говорили о мире; мир нужен всем."),
    ("en-trump", "en", "Trump speaks", "Former president Donald Trump spoke at a rally in Ohio."),
    *filler(20),
    # As many Russian articles: each language is its own collection for IDF (``bm25f``), so its size matters.
    *[(f"ru-filler-{i}", "ru", f"Погода и спорт {i}", f"Новости погоды и спорта номер {i}.") for i in range(20)],
]


@pytest.fixture(scope="module")
def sample(sample_index):
    return IndexHandle(sample_index).get()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return IndexHandle(index_articles(tmp_path_factory.mktemp("xscript"), ARTICLES)).get()


def _ids(ix, query: str, **kwargs) -> list[str]:
    return [hit.id for hit in search(ix, SearchRequest(query, per_page=50, **kwargs)).results]


def test_a_cyrillic_name_finds_all_five_english_seeds(sample):
    assert set(_ids(sample, "Столтенберг")) == SEED_IDS
    assert set(_ids(sample, "столтенберг")) == SEED_IDS  # typed in lower case


@pytest.mark.parametrize("query", ["Зеленский", "Зеленський", "Зеленского", "зеленський"])
def test_russian_and_ukrainian_spellings_find_the_seeds_naming_zelenskyy(sample, query):
    assert set(_ids(sample, query)) == ZELENSKYY_SEEDS


def test_a_latin_name_finds_a_ukrainian_article(mixed):
    assert _ids(mixed, "Kuleba") == ["uk-kuleba"]
    assert _ids(mixed, "kuleba") == ["uk-kuleba"]


def test_the_exact_script_ranks_first_and_the_other_script_just_below(mixed):
    """Of two like articles in collections of one size, the one with the name as typed comes first."""
    assert _ids(mixed, "Столтенберг") == ["ru-stoltenberg", "en-stoltenberg"]
    assert _ids(mixed, "Stoltenberg") == ["en-stoltenberg", "ru-stoltenberg"]


def test_an_english_name_is_found_as_russian_writes_it(mixed):
    assert _ids(mixed, "Трамп") == ["en-trump"]


def test_ordinary_words_do_not_cross_scripts(mixed):
    assert _ids(mixed, "мир") == ["ru-mir"]
    assert _ids(mixed, "mir") == ["en-mir"]


def test_the_query_language_crosses_scripts_too(mixed):
    assert _ids(mixed, '"Йенс Столтенберг"') == ["ru-stoltenberg", "en-stoltenberg"]
    assert set(_ids(mixed, "Kuleba OR Трамп")) == {"uk-kuleba", "en-trump"}
    assert _ids(mixed, "Столтенберг -allies") == ["ru-stoltenberg"]
    assert _ids(mixed, '"министр Столтенберг"') == []  # a phrase needs every word: no English article has it


def test_filters_apply_to_cross_script_matches(mixed):
    assert _ids(mixed, "Столтенберг", lang=("en",)) == ["en-stoltenberg"]


def test_a_reindex_holds_the_name_keys(tmp_path: Path):
    ix = IndexHandle(index_articles(tmp_path, [ARTICLES[0], *filler(3)])).get()
    assert _ids(ix, "Kuleba") == ["uk-kuleba"]


def test_an_index_without_the_names_field_is_searched_without_it():
    """A generation written before the names field (schema 1) serves until its reindex."""
    old = build_schema()
    old.remove("names")
    assert "names" in search_fields(Boosts()) and "names" not in search_fields(Boosts(), old)
    assert set(search_fields(Boosts(), old)) == set(search_fields(Boosts())) - {"names"}
