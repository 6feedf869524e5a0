"""Ranking and paging over a real index of the sample corpus."""

from __future__ import annotations

import re

import pytest
from whoosh import index as whoosh_index

from searchsvc.analysis.analyzers import text_analyzer
from searchsvc.search.request import validate
from searchsvc.search.service import DocumentNotFound, QueryError, SearchRequest, get_document, search
from searchsvc.search.serving import IndexHandle

SEED_IDS = {
    "000_b453508c03bb7b23",
    "001_96ed12033e6e814c",
    "002_314e43fbc23e5107",
    "003_a68eed9637060dc6",
    "004_b83fb34b83eaf465",
}


@pytest.fixture(scope="module")
def ix(sample_index) -> whoosh_index.Index:
    return IndexHandle(sample_index).get()


def test_stoltenberg_finds_all_five_seeds(ix):
    response = search(ix, SearchRequest("Stoltenberg", per_page=10))
    assert response.total == 5
    assert {hit.id for hit in response.results} == SEED_IDS


def _title_only_words(ix) -> list[tuple[str, str]]:
    """(word, id) for each title word whose stem occurs in exactly one title."""
    with ix.searcher() as searcher:
        titles = {doc["id"]: doc["title"] for doc in searcher.all_stored_fields()}
    analyzer = text_analyzer()
    stems = {doc_id: {t.text for t in analyzer(title)} for doc_id, title in titles.items()}
    pairs = []
    for doc_id, title in titles.items():
        others = set().union(*(s for other, s in stems.items() if other != doc_id))
        for word in sorted(set(re.findall(r"\w+", title))):
            word_stems = {t.text for t in analyzer(word)}
            if word_stems and not word_stems & others:
                pairs.append((word, doc_id))
    return pairs


def test_a_word_only_in_one_title_ranks_that_article_first(ix):
    pairs = _title_only_words(ix)
    assert len(pairs) >= 10
    for word, doc_id in pairs:
        response = search(ix, SearchRequest(word))
        # BM25F: a title mention (x3) outweighs a few body mentions, not many (Kyiv: 7 in 000's body).
        assert doc_id in [h.id for h in response.results[:2]], (word, [h.id for h in response.results])


def test_title_boost_beats_body_mentions(ix):
    # "cooperation" is in the titles of 000 and 001 and in the bodies of others.
    ranked = [hit.id for hit in search(ix, SearchRequest("cooperation")).results]
    assert set(ranked[:2]) == {"000_b453508c03bb7b23", "001_96ed12033e6e814c"}


def test_all_terms_first_then_partial_matches(ix):
    both = search(ix, SearchRequest("Umerov Stoltenberg"))
    assert both.results[0].id == "001_96ed12033e6e814c"  # the only one with both words
    assert {hit.id for hit in both.results[1:]} == SEED_IDS - {"001_96ed12033e6e814c"}
    partial = search(ix, SearchRequest("Umerov xylophonist"))
    assert [hit.id for hit in partial.results] == ["001_96ed12033e6e814c"]


def test_nothing_matches(ix):
    response = search(ix, SearchRequest("xylophonist"))
    assert response.total == 0 and response.results == []


def test_paging_splits_the_ranking(ix):
    full = [hit.id for hit in search(ix, SearchRequest("Stoltenberg", per_page=5)).results]
    first = search(ix, SearchRequest("Stoltenberg", page=1, per_page=2))
    third = search(ix, SearchRequest("Stoltenberg", page=3, per_page=2))
    assert first.total == third.total == 5
    assert [h.id for h in first.results] == full[:2]
    assert [h.id for h in third.results] == full[4:]


def test_snippet_marks_matches_and_escapes(ix):
    hit = search(ix, SearchRequest("drones")).results[0]
    assert "<mark>drones</mark>" in hit.snippet.lower()
    assert "<script" not in hit.snippet


def test_abbreviations_are_marked_whole():
    from searchsvc.search.snippets import Matcher, WordAnalyses, find

    text = "The U.S. sent aid, the U.N. too; US troops, and e.g. us."
    matcher = Matcher("body_en", text_analyzer("en"), frozenset({"us", "un"}), WordAnalyses())
    assert [text[a:b] for a, b in find(text, [matcher])] == ["U.S.", "U.N.", "US", "us"]


def test_snippets_are_the_same_from_a_snapshot_that_remembers_analysed_words(ix):
    from searchsvc.search.serving import Snapshot

    snap = Snapshot(ix)
    snap.word_analyses.max_words = 40  # small, so the cache is also emptied on the way
    try:
        for q in ["drones", "Stoltenberg allies", "drones", "defence spending"]:
            kept = [(hit.snippet, hit.title_html) for hit in search(snap, SearchRequest(q)).results]
            fresh = [(hit.snippet, hit.title_html) for hit in search(ix, SearchRequest(q)).results]
            assert kept == fresh and kept
    finally:
        snap.close()


def test_speakers_are_searchable_and_returned(ix):
    response = search(ix, SearchRequest("Umerov"))
    assert response.results[0].speakers == ["Jens Stoltenberg", "Rustem Umerov"]


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (SearchRequest(""), "missing or empty"),
        (SearchRequest("   "), "missing or empty"),
        (SearchRequest("a\x00b"), "NUL"),
        (SearchRequest("x" * 1001), "longer than 1000"),
        (SearchRequest("nato", per_page=0), "per_page"),
        (SearchRequest("nato", per_page=101), "per_page"),
        (SearchRequest("nato", page=0), "page must"),
    ],
)
def test_validate_rejects_bad_requests(request_, message):
    with pytest.raises(QueryError, match=message):
        validate(request_)


def test_get_document(ix):
    doc = get_document(ix, "002_314e43fbc23e5107")
    assert doc["source"] == "Euractiv"
    assert doc["body"].startswith("NATO is set to provide a platform")
    with pytest.raises(DocumentNotFound):
        get_document(ix, "no-such-id")
