"""Ranking, and matching of the query language, over a real index built by ``reindex`` from literal
articles in three languages."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from searchsvc.indexing.index_stats import index_stats
from searchsvc.indexing.posting_arrays import SUFFIXES, write_segment_arrays
from searchsvc.indexing.schema import Boosts, search_fields, searched_fields
from searchsvc.query.syntax import is_free_text
from searchsvc.ranking.bm25f import RankingParams, ScoringRequest, feedback_words, query_words, rank
from searchsvc.search.service import SearchRequest, search
from searchsvc.search.serving import IndexHandle
from tests.corpora import filler, index_articles, write_articles

ARTICLES = [
    ("both", "en", "Grain exports", "Wheat harvest and grain exports rose in the spring."),
    ("wheat-only", "en", "Harvest report", "Wheat, wheat and more wheat: the wheat harvest was large."),
    ("grain-only", "en", "Markets", "Grain prices fell as traders sold grain futures."),
    ("title-wheat", "en", "Wheat prices", "Prices of bread rose in the cities this week."),
    ("ru-grain", "ru", "Экспорт зерна", "Экспорт зерна из портов вырос весной, сообщили в министерстве."),
    ("uk-grain", "uk", "Експорт зерна", "Міністри обговорили експорт зерна через порти України."),
    *filler(8),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    return IndexHandle(index_articles(tmp_path_factory.mktemp("ranking"), ARTICLES)).get()


def ids(ix, q, **kwargs):
    return [hit.id for hit in search(ix, SearchRequest(q, **kwargs)).results]


def test_all_words_first_then_partial_matches(ix):
    ranked = ids(ix, "wheat grain")
    assert ranked[0] == "both"
    assert sorted(ranked[1:]) == ["grain-only", "title-wheat", "wheat-only"]  # each partial match, once


def test_query_words_line_up_across_the_languages_fields(ix):
    """Each analyzer drops its own stop words; a word's terms are still those of one word. A stop
    word of every language is no word, although the speakers field (names) has a term for it; one
    that only some languages stop is a word of the others' fields."""
    boosts = search_fields(Boosts())
    with ix.searcher() as searcher:
        words = query_words(searcher, "the grain in Москве и wheat", list(boosts))
    assert [w.terms.get("body_en") for w in words] == ["grain", "москв", None, "wheat"]
    assert [w.terms.get("body_ru") for w in words] == ["grain", "москв", None, "wheat"]
    assert [w.terms.get("body_uk") for w in words] == ["grain", "москве", "и", "wheat"]  # Ukrainian has no и
    assert [w.terms["speakers"] for w in words] == ["grain", "москве", "и", "wheat"]


def test_a_word_only_another_language_stops_is_searched(ix):
    """``через`` is a Russian stop word and an ordinary Ukrainian word."""
    assert ids(ix, "через")[:1] == ["uk-grain"]


def test_never_an_empty_page_when_some_word_matches(ix):
    assert ids(ix, "wheat xylophonist")[:2] in (["wheat-only", "title-wheat"], ["title-wheat", "wheat-only"])
    assert ids(ix, "xylophonist") == []


def test_queries_match_every_language(ix):
    assert ids(ix, "зерно")[:2] in (["ru-grain", "uk-grain"], ["uk-grain", "ru-grain"])
    assert ids(ix, "міністрами")[0] == "uk-grain"  # lemma міністр
    assert ids(ix, "министерства")[0] == "ru-grain"  # stem министерств


def test_title_weight_counts(ix):
    # "prices" is in title-wheat's title and body, and in grain-only's body only.
    assert ids(ix, "bread prices")[0] == "title-wheat"


def test_scores_are_bm25f(ix):
    """One word, checked against the formula computed from Whoosh's own statistics."""
    boosts = search_fields(Boosts())
    params = RankingParams(feedback_terms=0)  # BM25F alone, without pseudo-relevance feedback
    with ix.searcher() as searcher:
        ranked = rank(searcher, ScoringRequest(query_words(searcher, "futures", list(boosts)), boosts, params), None)
        ((score, docnum),) = ranked.top
        reader = searcher.reader()
        en_docs = [d for d in range(reader.doc_count_all()) if searcher.stored_fields(d)["lang"] == "en"]
        body = [reader.doc_field_length(d, "body_en") for d in en_docs]
        mean = sum(body) / len(body)
        b = params.b["body"]
        tf = 1 / (1 - b + b * reader.doc_field_length(docnum, "body_en") / mean)
        idf = math.log1p((len(en_docs) - 1 + 0.5) / (1 + 0.5))
        assert score == pytest.approx(idf * tf * (params.k1 + 1) / (params.k1 + tf), rel=1e-3)


def test_feedback_terms_come_mostly_from_the_best_document(ix):
    """RM3 weighs each feedback document by ``exp(score / temperature)``: one scoring far below the
    best adds few terms, where shares proportional to the scores would give it nearly as many."""
    boosts = search_fields(Boosts())
    with ix.searcher() as searcher:
        docnum = {searcher.stored_fields(d)["id"]: d for d in range(searcher.doc_count_all())}
        first = [(12.0, docnum["grain-only"]), (4.0, docnum["wheat-only"])]  # grain twice, wheat four times

        def wheat_to_grain(temperature: float | None) -> float:
            params = RankingParams(feedback_temperature=temperature)
            words = feedback_words(searcher, index_stats(searcher, boosts), first, boosts, params)
            weights = {word.terms["body_en"]: word.weight for word in words}
            return weights["wheat"] / weights["grain"]

        assert wheat_to_grain(None) == pytest.approx((4 / 16 * 4) / (12 / 16 * 2), rel=0.01)
        assert wheat_to_grain(4.0) == pytest.approx(math.exp(-2) * 4 / 2, rel=0.01)


@pytest.mark.parametrize("q", ["wheat grain", "grain exports spring"])
def test_no_feedback_documents_is_no_feedback(ix, q):
    """``feedback_docs=0`` (and a limit of 0) are empty selections, not errors."""
    fields = search_fields(Boosts())
    with ix.searcher() as searcher:
        words = query_words(searcher, q, list(fields))
        without = rank(searcher, ScoringRequest(words, fields, RankingParams(feedback_terms=0)), 10)
        assert rank(searcher, ScoringRequest(words, fields, RankingParams(feedback_docs=0)), 10).top == without.top
        assert rank(searcher, ScoringRequest(words, fields), 0).top == []


VERBOSE_ARTICLES = [
    ("request-words", "Papers", "Available papers and documents describe the archive."),
    ("harvest", "Harvest report", "The wheat harvest was large and grain exports rose."),
    ("four-words", "Wheat and grain exports", "Wheat and grain exports grew after the wheat harvest."),
    (
        "every-word",
        "Weekly bulletin",
        "Topics this week: weather, sport, roads, schools, music, films, books, wheat, grain, the harvest, "
        "exports and prices, local elections, theatre, gardens, railways, museums and the new library.",
    ),
    *[(i, title, body) for i, _, title, body in filler(6)],
]


@pytest.fixture(scope="module")
def verbose_ix(tmp_path_factory):
    english = [(i, "en", t, body) for i, t, body in VERBOSE_ARTICLES]
    return IndexHandle(index_articles(tmp_path_factory.mktemp("verbose"), english)).get()


def test_verbose_queries_drop_request_words(verbose_ix):
    """In a question of five words or more, "papers" and "describing" say what is asked for, not
    what about: a document having only them is not a match. A short query keeps every word."""
    verbose = "papers describing grain exports after the wheat harvest"
    assert "request-words" not in ids(verbose_ix, verbose)
    assert ids(verbose_ix, "papers describing") == ["request-words"]
    boosts = search_fields(Boosts())
    with verbose_ix.searcher() as searcher:
        words = query_words(searcher, verbose, list(boosts))
        kept = rank(searcher, ScoringRequest(words, boosts, RankingParams(verbose_words=None)), None)
        assert "request-words" in {searcher.stored_fields(d)["id"] for _, d in kept.top}


def test_verbose_queries_rank_by_score_alone(verbose_ix):
    """A document having every word of a five-word query is not put first for it: a bulletin that
    lists them all among twenty topics ranks below the article about four of them. Words count as
    typed: four keywords phrased with a stop word are a question too."""
    query = "wheat grain harvest exports prices"
    assert ids(verbose_ix, query)[0] == "four-words"
    assert ids(verbose_ix, "wheat grain harvest prices")[0] == "every-word"  # four words: not verbose
    assert ids(verbose_ix, "prices of wheat grain harvest")[0] == "four-words"
    boosts = search_fields(Boosts())
    with verbose_ix.searcher() as searcher:
        words = query_words(searcher, query, list(boosts))
        first = rank(searcher, ScoringRequest(words, boosts, RankingParams(verbose_words=None)), 1).top
        assert searcher.stored_fields(first[0][1])["id"] == "every-word"


@pytest.mark.parametrize("q", ["wheat grain", "news", "grain", "sport weather filler", "number 3"])
def test_a_short_limit_gives_the_top_of_the_full_ranking(ix, q):
    boosts = search_fields(Boosts())
    with ix.searcher() as searcher:
        words = query_words(searcher, q, list(boosts))
        full = rank(searcher, ScoringRequest(words, boosts), None).top
        for limit in (1, 3, 10):
            assert rank(searcher, ScoringRequest(words, boosts), limit).top == full[:limit]


def test_pages_split_one_ranking(ix):
    whole = ids(ix, "news filler", per_page=12)
    assert ids(ix, "news filler", page=2, per_page=5) == whole[5:10]


def test_query_language_is_ranked_the_same_way(ix):
    assert not is_free_text("wheat NOT bread")
    free = [hit.id for hit in search(ix, SearchRequest("wheat")).results]
    excluded = search(ix, SearchRequest("wheat NOT bread"))
    assert [hit.id for hit in excluded.results] == [i for i in free if i != "title-wheat"]  # it has "bread"
    boosts = search_fields(Boosts())
    with ix.searcher() as searcher:  # without feedback (whose top documents differ) the scores are equal
        params = RankingParams(feedback_terms=0)
        both = [
            rank(searcher, ScoringRequest(query_words(searcher, "wheat", list(boosts)), boosts, params, mask), None).top
            for mask in (None, np.ones(searcher.doc_count_all(), dtype=bool))
        ]
    assert both[0] == [hit for hit in both[1] if hit in both[0]]


def test_deleted_and_new_segments(ix, tmp_path):
    """Deletions are skipped and documents of a second segment are ranked with the first's."""
    target = whoosh_index.create_in(str(tmp_path), ix.schema)
    with ix.searcher() as searcher, target.writer() as writer:
        for fields in searcher.all_stored_fields():
            lang = fields["lang"]
            writer.add_document(**fields, **{f"title_{lang}": fields["title"], f"body_{lang}": fields["body"]})
    writer = target.writer()
    writer.delete_by_term("id", "wheat-only")
    writer.add_document(id="late", title="Wheat", body="wheat", title_en="Wheat", body_en="wheat", lang="en")
    writer.commit(merge=False)
    assert len(target._segments()) == 2
    ranked = ids(target, "wheat")
    assert "wheat-only" not in ranked and "late" in ranked
    assert ids(target, "wheat OR xylophone") == ranked  # the query-language path skips deletions too


def test_segment_arrays_answer_like_whoosh_postings(ix, tmp_path):
    """The reindex writes numpy postings beside each segment; ranking without them is identical."""
    folder = Path(ix.storage.folder)
    arrays = sorted([*folder.glob("*.rk_*.npy"), *folder.glob("*.fw_*.npy")])
    assert len(arrays) == len(SUFFIXES) * len(ix._segments())
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.rk_*.npy", "*.fw_*.npy"))
    plain = whoosh_index.open_dir(str(copy))
    boosts = search_fields(Boosts())
    for q in ["wheat grain", "зерно міністри", "news number 3", "prices bread weather", "wheat " + "x" * 70]:
        with ix.searcher() as fast, plain.searcher() as slow:
            expected = rank(slow, ScoringRequest(query_words(slow, q, list(boosts)), boosts), None).top
            assert rank(fast, ScoringRequest(query_words(fast, q, list(boosts)), boosts), None).top == expected
    assert write_segment_arrays(copy, searched_fields()) == [s.segment_id() for s in plain._segments()]
    keys = np.load(next(copy.glob("*.rk_keys.npy")))
    assert list(keys) == sorted(keys)


def test_feedback_from_the_forward_index_equals_the_stored_text(ix, tmp_path):
    """RM3 reads a document's terms from the forward index; re-analysing its stored title and body
    (what a segment without the index falls back to) gives the same words and weights."""
    folder = Path(ix.storage.folder)
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.fw_*.npy"))
    plain = whoosh_index.open_dir(str(copy))
    boosts = search_fields(Boosts())
    params = RankingParams()
    with ix.searcher() as fast, plain.searcher() as slow:
        fast_coll, slow_coll = index_stats(fast, boosts), index_stats(slow, boosts)
        assert all(a is not None and a.forward is not None for a in fast_coll.arrays)
        assert all(a is not None and a.forward is None for a in slow_coll.arrays)
        count = fast.doc_count_all()
        for first in ([(9.0, d) for d in range(count)][:5], [(12.0, count - 1), (8.0, 0), (8.0, 2)], [(1.0, 1)]):
            expected = feedback_words(slow, slow_coll, first, boosts, params)
            assert expected
            assert feedback_words(fast, fast_coll, first, boosts, params) == expected


@pytest.mark.parametrize(
    "q",
    [
        "wheat grain",
        "wheat OR grain",
        "wheat NOT bread",
        "(wheat OR зерно) AND prices",
        '"wheat harvest" OR futures',
        "harv* grain",
        "NOT wheat",
        "title:wheat body:bread",
    ],
)
@pytest.mark.parametrize("all_terms", [True, False])
def test_array_matching_equals_whoosh(ix, q, all_terms):
    """The query language matched from the posting arrays finds exactly what Whoosh finds."""
    from searchsvc.query.matching import match_mask
    from searchsvc.query.syntax import parse

    boosts = search_fields(Boosts())
    with ix.searcher() as searcher:
        query = parse(searcher.schema, boosts, q, all_terms)
        expected = sorted(searcher.docs_for_query(query))
        mask, late = match_mask(searcher, query, index_stats(searcher, boosts))
        assert np.flatnonzero(mask).tolist() == expected
        assert not late


@pytest.fixture(scope="module")
def two_segments(tmp_path_factory):
    """The ranking articles indexed, then again with two more and two deleted (the first, and the
    last, the last document of its segment with its words): a second segment and deletions."""
    root = tmp_path_factory.mktemp("segments")
    index_articles(root, ARTICLES)
    more = [
        ("phrases", "en", "Harvest news", "The wheat harvest was late; wheat and harvest prices rose, harvest wheat."),
        ("ru-phrases", "ru", "Зерно", "Экспорт зерна вырос, а зерна экспорт упал."),
    ]
    write_articles(root / "corpus" / "b.jsonl", more)
    ix = IndexHandle(index_articles(root, ARTICLES[1:-1])).get()
    assert len(ix._segments()) == 2
    return ix


@pytest.mark.parametrize(
    "q",
    [
        '"wheat harvest"',
        '"harvest wheat"',
        '"wheat harvest"~3',
        '"wheat wheat"',  # the same word at the next position, not at its own
        '"harvest rose"',  # two positions apart: no phrase, unless the slop allows it
        '"harvest rose"~2',
        '"the wheat harvest was large"',
        '"harvest and grain"',  # a stop word inside: Whoosh's positions skip it
        '"экспорт зерна"',
        'wheat -"wheat harvest"',
        '"xylophone wheat" OR "grain futures"',
        '"sport news number 7" OR "sport news"',  # the deleted last article: postings end before it
    ],
)
@pytest.mark.parametrize("all_terms", [True, False])
def test_phrases_match_as_whoosh_matches_them(two_segments, q, all_terms):
    """Phrases are checked from positions only in the documents that have every word (found in the
    posting arrays), over two segments and a deletion: exactly what Whoosh's phrase matcher finds."""
    from searchsvc.query.matching import match_mask
    from searchsvc.query.syntax import parse

    boosts = search_fields(Boosts())
    with two_segments.searcher() as searcher:
        query = parse(searcher.schema, boosts, q, all_terms)
        expected = sorted(d for d in searcher.docs_for_query(query) if not searcher.reader().is_deleted(d))
        mask, late = match_mask(searcher, query, index_stats(searcher, boosts))
        assert np.flatnonzero(mask).tolist() == expected
        assert not late


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("wheat grain", ["both"]),  # the posting arrays answer it: no deadline to miss
        ('"wheat harvest" OR futures', ["grain-only"]),  # the phrase never began
        ('wheat -"wheat harvest"', []),  # an exclusion cut short excludes everything
    ],
)
def test_matching_past_the_deadline_keeps_only_true_matches(ix, q, expected):
    """Phrases and prefixes are Whoosh's to match, and stop at the deadline; what the mask then
    holds does match, and the search says it ran out of time."""
    from searchsvc.query.deadline import Deadline
    from searchsvc.query.matching import match_mask
    from searchsvc.query.syntax import parse

    boosts = search_fields(Boosts())
    with ix.searcher() as searcher:
        query = parse(searcher.schema, boosts, q, True)
        mask, late = match_mask(searcher, query, index_stats(searcher, boosts), Deadline(0.0))
        assert sorted(searcher.stored_fields(d)["id"] for d in np.flatnonzero(mask)) == expected
        assert late == ('"' in q)


@pytest.mark.parametrize(
    ("q", "possible"),
    [
        ("wheat grain", True),
        ('"wheat harvest" -futures', True),
        ("title:wheat body:bread", True),
        ("зерно експорт", True),
        ("wheat xylophonist", False),  # one word is in no document
        ('"wheat harvest" prices', False),  # every word is somewhere, never all in one document
        ("wheat зерно", False),  # each word is in one language only
        ("wheat AND harvest -bread", True),
    ],
)
def test_may_have_all_never_rules_out_an_all_words_match(ix, q, possible):
    """``may_have_all`` lets a search skip the all-words pass: it must be True whenever that pass matches."""
    from searchsvc.query.syntax import is_conjunctive, parse, plain_words
    from searchsvc.ranking.bm25f import may_have_all

    boosts = search_fields(Boosts())
    with ix.searcher() as searcher:
        assert is_conjunctive(q)
        verdict = may_have_all(index_stats(searcher, boosts), query_words(searcher, plain_words(q), list(boosts)))
        assert verdict is possible
        if any(True for _ in searcher.docs_for_query(parse(searcher.schema, boosts, q, True))):
            assert verdict


def test_operators_that_widen_or_negate_are_not_conjunctive():
    from searchsvc.query.syntax import is_conjunctive

    for q in ["wheat OR grain", "wheat NOT bread", "wheat ANDNOT bread", "wheat ANDMAYBE bread", "whe* grain"]:
        assert not is_conjunctive(q), q


def test_the_feedback_pass_within_the_matches_scores_them_as_the_full_pass(ix):
    """The expansion pass reads only the matching documents' postings, with document frequencies
    from the forward index: their scores are exactly those of a pass over every posting."""
    from searchsvc.ranking.bm25f import RankingCache, _forward_df, _norms, _score

    boosts = search_fields(Boosts())
    params = RankingParams()
    with ix.searcher() as searcher:
        coll = index_stats(searcher, boosts)
        norms = _norms(coll, boosts, params, RankingCache())
        expansion = feedback_words(searcher, coll, [(9.0, d) for d in range(4)], boosts, params)
        assert _forward_df(coll, expansion) is not None
        within = np.zeros(coll.size, dtype=bool)
        within[::2] = True
        full, *_ = _score(coll, expansion, norms, params)
        part, *_ = _score(coll, expansion, norms, params, within=within)
        assert full[within].any()
        np.testing.assert_array_equal(part[within], full[within])
