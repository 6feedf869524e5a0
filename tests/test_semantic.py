"""Meaning vectors: the packaged model, which articles and queries get one, and how they reorder a
ranking, over a real index built by ``reindex``."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import filler, index_articles

from searchsvc.collection import collection
from searchsvc.indexer import IndexHandle
from searchsvc.ranking import RankingParams, _stored_meanings, query_words, rank
from searchsvc.schema import Boosts, search_fields
from searchsvc.semantic import NO_VECTOR, VECTOR_BYTES, article_vector, embed, query_vector

# Two English articles that BM25F cannot tell apart for "wheat": one word each, the same length.
# The sports one is written first, so that without meaning it would win the tie (by docnum).
ARTICLES = [
    ("striker", "en", "Report", "Wheat scored twice as strikers chased glory before the final."),
    ("fields", "en", "Report", "Wheat fields ripen as farmers gather grain before the rain."),
    ("bakery", "en", "City news", "The bakery raised the price of bread after wheat flour cost more this spring."),
    ("ru-wheat", "ru", "Урожай", "Фермеры собрали урожай пшеницы и продали зерно мельницам."),
    *filler(6),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    return index_articles(tmp_path_factory.mktemp("semantic"), ARTICLES)


def ranked(index_dir, q, params=None) -> list[tuple[str, float]]:
    fields = search_fields(Boosts())
    with IndexHandle(index_dir).get().searcher() as searcher:
        found = rank(searcher, query_words(searcher, q, list(fields)), fields, 10, params, meaning=query_vector(q))
        return [(searcher.stored_fields(d)["id"], score) for score, d in found.top]


def test_texts_about_the_same_thing_have_close_vectors():
    harvest, crops, football = embed(
        [
            "Farmers brought in the wheat harvest and sold the grain to the mills.",
            "Crops ripened early and growers gathered the corn from their fields.",
            "The striker scored twice as the football club won the cup final.",
        ]
    )
    assert np.linalg.norm(harvest) == pytest.approx(1.0, abs=1e-5)
    assert harvest @ crops > 0.5 > 0.2 > max(harvest @ football, crops @ football)


def test_only_english_articles_and_queries_get_a_vector():
    stored = article_vector("en", "Harvest", "Farmers brought in the wheat harvest.")
    assert len(stored) == VECTOR_BYTES and stored != NO_VECTOR
    assert np.linalg.norm(np.frombuffer(stored, dtype=np.float16).astype(float)) == pytest.approx(1.0, abs=1e-2)
    assert article_vector("ru", "Урожай", "Фермеры собрали урожай пшеницы.") == NO_VECTOR
    assert article_vector("de", "Ernte", "Die Bauern brachten die Weizenernte ein.") == NO_VECTOR
    assert query_vector("wheat harvest") is not None
    assert query_vector("урожай пшеницы") is None and query_vector("2024") is None and query_vector("") is None


def test_meaning_breaks_a_lexical_tie_towards_the_query_topic(ix):
    lexical = dict(ranked(ix, "wheat", RankingParams(semantic_weight=0)))
    assert lexical["striker"] == lexical["fields"]  # the tie this test is about
    assert [doc for doc, _ in ranked(ix, "wheat", RankingParams(semantic_weight=0))][:2] == ["striker", "fields"]
    order = [doc for doc, _ in ranked(ix, "wheat")]
    assert order.index("fields") < order.index("striker")


def test_a_full_weight_orders_the_candidates_by_similarity(ix):
    """With ``semantic_weight`` 1 the English matches come in the order of their vectors' cosine
    with the query's, computed here from the articles' text; the Russian match has no vector."""
    q = "wheat farmers grain"
    texts = {doc: f"{title}. {body}" for doc, lang, title, body in ARTICLES if lang == "en"}
    found = [doc for doc, _ in ranked(ix, q, RankingParams(semantic_weight=1.0))]
    english = [doc for doc in found if doc in texts]
    cosine = dict(zip(texts, embed(list(texts.values())) @ query_vector(q), strict=True))
    assert len(english) == 3 and english == sorted(english, key=cosine.get, reverse=True)
    assert ranked(ix, "пшеница") == ranked(ix, "пшеница", RankingParams(semantic_weight=0))


def test_vectors_are_read_right_across_segments(ix, tmp_path):
    """An incremental reindex adds a segment; each document's stored vector is its own."""
    index_articles(tmp_path, ARTICLES)
    late = [("late", "en", "Grain", "Grain ships left the port with wheat for Egypt.")]
    with IndexHandle(index_articles(tmp_path, late, "b.jsonl")).get().searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2
        coll = collection(searcher, search_fields(Boosts()))
        docnums = np.arange(searcher.doc_count_all())
        for docnum, stored in zip(docnums, _stored_meanings(coll, docnums), strict=True):
            fields = searcher.stored_fields(int(docnum))
            assert stored == article_vector(fields["lang"], fields["title"], fields["body"]), fields["id"]
