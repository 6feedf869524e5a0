"""Meaning vectors: the packaged model, which texts get one, and how they reorder a ranking, over
a real index built by ``reindex``."""

from __future__ import annotations

import numpy as np
import pytest

from searchsvc.indexing.schema import Boosts, search_fields
from searchsvc.ranking import meaning as semantic
from searchsvc.ranking.bm25f import RankingParams, ScoringRequest, query_words, rank
from searchsvc.ranking.meaning import article_vectors, embed, query_vector, similarities
from searchsvc.search.serving import IndexHandle
from tests.corpora import filler, index_articles

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
        words = query_words(searcher, q, list(fields))
        found = rank(searcher, ScoringRequest(words, fields, params, meaning=query_vector(q)), 10)
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


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. didn't (officially) say: “café-au-lait”, naïve, $5,000 & 3.5% — e-mail jean_paul@x.org!",
        "Word " * 700,  # longer than the pieces read
        "  tabs\tand\nnew\u00a0lines  ",
        "Путин said «нет»",
    ],
)
def test_pieces_are_the_tokenizers_own(text):
    """Splitting at white space first and remembering each chunk's pieces gives exactly what the
    tokenizer gives for the whole text."""
    whole = semantic._model().tokenizer.encode(text[: semantic._MAX_CHARS], add_special_tokens=False).ids
    assert semantic._pieces(text) == whole[: semantic.MAX_PIECES]


def test_only_english_texts_and_queries_get_a_vector():
    query = query_vector("wheat harvest")
    assert query is not None and np.linalg.norm(query) == pytest.approx(1.0, abs=1e-5)
    articles = [
        ("en", "Harvest", "Farmers brought in the wheat harvest."),
        ("ru", "Урожай", "Фермеры собрали урожай пшеницы."),
        ("de", "Ernte", "Die Bauern brachten die Weizenernte ein."),
        ("en", "", "🙂 🙂"),  # no word piece the vocabulary knows
    ]
    near = similarities(article_vectors(articles), query)
    assert near[0] > 0.5 and np.isnan(near[1:]).all()
    assert query_vector("урожай пшеницы") is None and query_vector("2024") is None and query_vector("") is None


def test_meaning_breaks_a_lexical_tie_towards_the_query_topic(ix):
    lexical = ranked(ix, "wheat", RankingParams(semantic_weight=0))
    assert dict(lexical)["striker"] == dict(lexical)["fields"]  # the tie this test is about
    assert [doc for doc, _ in lexical][:2] == ["striker", "fields"]
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
