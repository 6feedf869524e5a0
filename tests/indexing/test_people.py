"""Speakers as persons across the index: spellings and scripts merged by rule, in the facet and filter."""

from __future__ import annotations

import json

from searchsvc.indexing.build import reindex
from searchsvc.indexing.generations import current_generation
from searchsvc.indexing.people import PEOPLE_FILE, People, read_people
from searchsvc.search.service import SearchRequest, search
from searchsvc.search.serving import IndexHandle
from tests.corpora import MAX_BYTES
from tests.speech_corpus import SPEECH


def _person(people: People, name: str) -> tuple[str, ...]:
    return people.persons[people.of_name[name]].variants


def test_spellings_and_scripts_of_one_person_are_one():
    people = People.build(
        {"Jens Stoltenberg": 5, "Йенс Столтенберг": 3, "Єнс Столтенберг": 2, "Volodymyr Zelensky": 4,
         "Volodymyr Zelenskyy": 3, "Donald Trump": 2, "Дональд Трамп": 6}
    )  # fmt: skip
    assert set(_person(people, "Єнс Столтенберг")) == {"Jens Stoltenberg", "Йенс Столтенберг", "Єнс Столтенберг"}
    assert people.display("Йенс Столтенберг") == "Jens Stoltenberg"  # in the most articles
    assert people.display("Volodymyr Zelenskyy") == "Volodymyr Zelensky"
    assert people.display("Donald Trump") == "Дональд Трамп"  # English names read as Cyrillic writes them
    assert len(people.persons) == 3


def test_different_people_stay_apart():
    people = People.build(
        {"Ігор Сердюченко": 1, "Василь Сердюченко": 1, "International Tin Agreement": 1,
         "International Coffee Agreement": 1, "Volodymyr Zelensky": 2, "Olena Zelenska": 1, "Зеленский": 1}
    )  # fmt: skip
    assert len(people.persons) == 7  # a lone surname that fits two people joins neither
    assert people.resolve("Зеленский") == sorted(
        {people.of_name["Volodymyr Zelensky"], people.of_name["Olena Zelenska"], people.of_name["Зеленский"]}
    )


def test_a_lone_surname_joins_the_one_person_it_fits_and_the_full_name_is_shown():
    people = People.build({"Лавров": 9, "Сергей Лавров": 2, "Sergei Lavrov": 1})
    assert len(people.persons) == 1
    assert people.display("Лавров") == "Сергей Лавров"
    assert people.resolve("лавров") == [0] and people.resolve("Lavrov") == [0] and people.resolve("Smith") == []


def test_the_index_counts_and_filters_one_person_in_any_script(speech_index):
    ix = IndexHandle(speech_index).get()
    every = "NATO OR НАТО OR corridor"
    assert search(ix, SearchRequest(every)).facets["speaker"] == {"Jens Stoltenberg": 3, "Dmytro Kuleba": 1}
    for name in ("Столтенберг", "Stoltenberg", "Єнс Столтенберг", "jens stoltenberg"):
        found = search(ix, SearchRequest(every, speaker=(name,)))
        assert {hit.id for hit in found.results} == {"en-nato", "ru-nato", "uk-nato"}, name
    assert search(ix, SearchRequest(every, speaker=("Кулеба",))).total == 1
    assert search(ix, SearchRequest(every, speaker=("Smith",))).total == 0


def test_the_reindex_stores_the_people_in_the_generation_and_updates_them(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps(article, ensure_ascii=False) for article in SPEECH]
    (corpus / "a.jsonl").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    index = tmp_path / "index"
    reindex(corpus, index, MAX_BYTES)
    first = read_people(index / str(current_generation(index)))
    assert first is not None and first.persons[0].variants == ("Jens Stoltenberg", "Йенс Столтенберг")
    (corpus / "a.jsonl").write_text(lines[1] + "\n" + lines[3] + "\n", encoding="utf-8")
    reindex(corpus, index, MAX_BYTES)  # incremental: one deleted, one added
    folder = index / str(current_generation(index))
    assert (folder / PEOPLE_FILE).is_file()
    names = {p.name: p.variants for p in read_people(folder).persons}
    assert names == {"Dmytro Kuleba": ("Dmytro Kuleba",), "Йенс Столтенберг": ("Йенс Столтенберг",)}
