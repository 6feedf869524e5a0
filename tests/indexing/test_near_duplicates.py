"""Near-duplicates: syndicated copies share a group; search shows one per group unless asked for all."""

from __future__ import annotations

import random

import pytest

from searchsvc.indexing.build import reindex
from searchsvc.indexing.near_duplicates import MIN_WORDS, signature, similarity
from searchsvc.search.service import SearchRequest, search
from searchsvc.search.serving import IndexHandle

STORY = (
    "The harbour authority of Rotterdam said on Tuesday that container traffic rose by four percent "
    "in the third quarter, driven by shipments of grain from Ukraine and liquefied gas from the United "
    "States, while the number of vessels waiting at anchor fell to its lowest level since the pandemic "
    "began, according to figures published by the port operator."
)
OTHER = (
    "Farmers in northern Spain warned that a second dry summer could halve the olive harvest, as "
    "reservoirs in Andalusia stood at less than a quarter of their capacity and regional officials "
    "prepared new limits on irrigation for orchards and vineyards across the province this autumn."
)


def _edited(text: str, edits: int, seed: int) -> str:
    words = text.split()
    rng = random.Random(seed)
    for _ in range(edits):
        words[rng.randrange(len(words))] = "changed"
    return " ".join(words)


def _corpus(folder, **texts):
    folder.mkdir(exist_ok=True)
    for name, (title, body) in texts.items():
        (folder / f"{name}.txt").write_text(f"{title}\n\n{body}")
    return folder


@pytest.mark.parametrize(("edits", "same"), [(0, True), (3, True), (25, False)])
def test_signature_similarity_tracks_edits(edits, same):
    first, second = signature(STORY), signature(_edited(STORY, edits, seed=1))
    assert first is not None and second is not None
    assert (similarity(first.values, second.values) >= 0.7) is same


def test_short_texts_are_not_compared():
    assert signature(" ".join(["word"] * (MIN_WORDS - 1))) is None
    assert signature(STORY) is not None


@pytest.fixture()
def grouped(tmp_path):
    corpus = _corpus(
        tmp_path / "corpus",
        a_reuters=("Rotterdam port traffic rises", STORY),
        b_ap=("Container traffic up in Rotterdam", _edited(STORY, 2, seed=2)),
        c_afp=("Rotterdam: more ships, less waiting", _edited(STORY, 3, seed=3)),
        d_spain=("Drought threatens Spanish olives", OTHER),
    )
    index = tmp_path / "index"
    report = reindex(corpus, index, 10**6)
    return corpus, index, report


def test_copies_are_grouped_and_shown_once(grouped):
    _, index, report = grouped
    assert report.grouped == 2
    ix = IndexHandle(index).get()
    collapsed = search(ix, SearchRequest("container traffic Rotterdam"))
    assert [(hit.id, hit.group_size) for hit in collapsed.results] == [(collapsed.results[0].id, 3)]
    assert collapsed.results[0].id in {"a_reuters", "b_ap", "c_afp"}
    assert collapsed.total == 1
    assert sum(collapsed.facets["lang"].values()) == 1  # facets count stories, like the total
    every = search(ix, SearchRequest("container traffic Rotterdam", collapse=False))
    assert sorted(hit.id for hit in every.results) == ["a_reuters", "b_ap", "c_afp"]
    assert {hit.group_size for hit in every.results} == {3}
    other = search(ix, SearchRequest("olive harvest"))
    assert [(hit.id, hit.group_size) for hit in other.results] == [("d_spain", 1)]


def test_group_follows_incremental_changes(grouped):
    corpus, index, _ = grouped
    (corpus / "b_ap.txt").unlink()
    _corpus(corpus, e_dpa=("Rotterdam traffic", _edited(STORY, 1, seed=5)))
    report = reindex(corpus, index, 10**6)
    assert (report.added, report.deleted, report.grouped) == (1, 1, 1)
    every = search(IndexHandle(index).get(), SearchRequest("Rotterdam", collapse=False))
    assert sorted((hit.id, hit.group_size) for hit in every.results) == [("a_reuters", 3), ("c_afp", 3), ("e_dpa", 3)]


def test_api_expands_groups_on_request(grouped, make_app):
    _, index, _ = grouped
    client = make_app(index_dir=index).test_client()
    one = client.get("/api/search?q=Rotterdam").get_json()
    assert [hit["group_size"] for hit in one["results"]] == [3]
    every = client.get("/api/search?q=Rotterdam&collapse=false").get_json()
    assert len(every["results"]) == 3
    assert client.get("/api/search?q=Rotterdam&collapse=maybe").status_code == 400


def test_page_links_to_every_copy(grouped, make_app):
    _, index, _ = grouped
    client = make_app(index_dir=index).test_client()
    page = client.get("/?q=Rotterdam").get_data(as_text=True)
    assert page.count('class="copies"') == 1
    assert 'href="/?q=Rotterdam&amp;collapse=false">3 copies</a>' in page
    every = client.get("/?q=Rotterdam&collapse=false").get_data(as_text=True)
    assert every.count('class="copies"') == 3
