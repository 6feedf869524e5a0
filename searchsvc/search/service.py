"""``search(index, SearchRequest) -> SearchResponse``: the one search path of the CLI and the web.

Free text is ranked by ``ranking.bm25f`` (BM25F over every language's fields, documents with every
word of a short query first, then the best partial matches, so a query with any matching word
never gets an empty page). A query in the query language (phrases, fields, ``OR``, ``-word``,
``prefix*``) is matched by ``query.matching`` (the posting arrays, Whoosh for prefixes), all terms first
and any term when that finds nothing, and its matches are ranked the same way. Filters, facet
counts and date order come from per-document columns; snippets are made only for the page's hits.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from whoosh.index import Index
from whoosh.query import Every, NullQuery, Query

from searchsvc.analysis.analyzers import count_words
from searchsvc.indexing.schema import FIELD_GROUPS, SPEAKER_SEPARATOR, article_language, field_language, search_fields
from searchsvc.query.deadline import Deadline
from searchsvc.query.limits import QueryError
from searchsvc.query.matching import match_mask
from searchsvc.query.syntax import check_prefixes, is_conjunctive, is_free_text, plain_words, read_query
from searchsvc.query.syntax import parse as parse_query
from searchsvc.ranking import bm25f
from searchsvc.ranking.meaning import query_vector

from .doc_values import Columns, by_date
from .request import SearchRequest, validate
from .serving import Snapshot, opened
from .similar import similar_query
from .snippets import Highlight, Matcher, highlight_all, matchers, query_terms, snippet
from .suggest import suggest

__all__ = ["DocumentNotFound", "QueryError", "SearchRequest", "SearchResponse", "SearchResult", "search"]

FACET_SIZE = 20  # values listed per facet (counted over the whole result set)
COLLAPSE_HEADROOM = 3  # rank this many times a page's depth, so hidden copies rarely force a re-rank


class DocumentNotFound(LookupError):
    """No document has the requested id: a 404."""


@dataclass(frozen=True)
class SearchResult:
    """One hit: metadata, the title and a snippet with matches in ``<mark>`` (HTML-escaped)."""

    id: str
    title: str
    url: str | None
    source: str | None
    author: str | None
    published: str | None
    lang: str
    speakers: list[str]
    score: float | None
    snippet: str
    title_html: str
    matches: dict[str, list[tuple[int, int]]]
    group_size: int = 1  # documents in its near-duplicate group (copies of one story), itself included

    def to_json(self) -> dict[str, Any]:
        return _shallow(self)


@dataclass(frozen=True)
class SearchResponse:
    """A page of results, the total number of matches, facet counts and a spelling suggestion."""

    query: str
    total: int
    page: int
    per_page: int
    results: list[SearchResult]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    sort: str = "relevance"
    timed_out: bool = False
    took_ms: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {**_shallow(self), "results": [result.to_json() for result in self.results]}


def _shallow(data: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict, values as they are (already JSON-ready). ``asdict`` would
    deep-copy every match offset: a tenth of a search request's time."""
    return {name: getattr(data, name) for name in data.__dataclass_fields__}


def search(target: Index | Snapshot, request: SearchRequest) -> SearchResponse:
    """Run one search and return the requested page, its facets and a suggestion."""
    started = time.perf_counter()
    request = validate(request)
    with opened(target) as snap:
        response = _search(snap, request, Deadline(started + request.limits.search_timeout))
    return replace(response, took_ms=round((time.perf_counter() - started) * 1000, 2))


def _search(snap: Snapshot, request: SearchRequest, deadline: Deadline) -> SearchResponse:
    user = read_query(request.q)
    allowed = _filter_mask(snap.columns, request, user.filters)
    end = request.page * request.per_page
    scored, timed_out = _match(snap, user.text, request, allowed, deadline, ranked=request.sort == "relevance")
    hits = _ordered_hits(snap, scored, request, end)
    suggestion = None
    if user.text and not timed_out:

        def count(text: str) -> int:
            quick = Deadline.after(request.limits.search_timeout / 4)
            return len(_match(snap, text, request, allowed, quick, ranked=False)[0].docs)

        suggestion = suggest(snap.searcher, user.text, len(scored.docs), count)
    first = (request.page - 1) * request.per_page
    # Facets count stories like ``total`` does: one document of each near-duplicate group.
    stories = snap.columns.groups.first_of_each(scored.docs) if request.collapse else scored.docs
    return SearchResponse(
        query=request.q,
        total=len(stories),
        page=request.page,
        per_page=request.per_page,
        results=_results(snap, scored.query, hits[first:end], request.snippets),
        facets=_facets(snap.columns, stories),
        suggestion=suggestion,
        sort=request.sort,
        timed_out=timed_out,
    )


@dataclass(frozen=True)
class Matches:
    """Every document a request matches (what ``total`` and the facets count), for the functions that
    use the whole result set rather than a page: timelines, exports, batches."""

    scored: bm25f.Scored
    stories: np.ndarray  # one document of each near-duplicate group, unless the request asks for every copy
    volume: np.ndarray | None  # documents passing its language and source filters (None: no such filter)
    timed_out: bool


def match_all(snap: Snapshot, request: SearchRequest, deadline: Deadline, ranked: bool = False) -> Matches:
    """Every document ``request`` matches under its filters (those typed in the query too), as a
    search counts them; ``ranked`` when their order by score will be read (see ``_match``)."""
    user = read_query(request.q)
    allowed = _filter_mask(snap.columns, request, user.filters)
    scored, timed_out = _match(snap, user.text, request, allowed, deadline, ranked)
    stories = snap.columns.groups.first_of_each(scored.docs) if request.collapse else scored.docs
    typed = {name: values for name, values in user.filters.items() if name in ("lang", "source")}
    unfiltered = replace(request, speaker=(), date_from=None, date_to=None)
    return Matches(scored, stories, _filter_mask(snap.columns, unfiltered, typed), timed_out)


def ordered(snap: Snapshot, matches: Matches, request: SearchRequest, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``limit`` matches in the request's order, as a page shows them (one per group unless
    ``collapse`` is off): their document numbers and scores (NaN when sorted by date)."""
    hits = _ordered_hits(snap, matches.scored, request, limit)
    docs = np.fromiter((docnum for docnum, _ in hits), dtype=np.int64, count=len(hits))
    scores = np.fromiter((np.nan if s is None else s for _, s in hits), dtype=np.float64, count=len(hits))
    return docs, scores


def page_of(snap: Snapshot, matches: Matches, request: SearchRequest) -> list[SearchResult]:
    """The page of ``matches`` that ``request`` asks for, as a search shows it (``match_all`` ranked)."""
    end = request.page * request.per_page
    hits = _ordered_hits(snap, matches.scored, request, end)
    return _results(snap, matches.scored.query, hits[(request.page - 1) * request.per_page : end], request.snippets)


def _ordered_hits(
    snap: Snapshot, scored: bm25f.Scored, request: SearchRequest, end: int
) -> list[tuple[int, float | None]]:
    """The first ``end`` hits in the requested order; only the best of each near-duplicate group if asked."""
    groups = snap.columns.groups
    if request.sort != "relevance":
        order = by_date(scored.docs, snap.columns.day, newest_first=request.sort == "-date")
        order = groups.first_of_each(order) if request.collapse else order
        return [(int(d), None) for d in order[:end]]
    if not request.collapse:
        return [(docnum, score) for score, docnum in scored.best(end)]
    limit: int | None = end * COLLAPSE_HEADROOM
    while True:  # rank deeper only when copies ate more than the headroom
        top = scored.best(limit)
        scores = {docnum: score for score, docnum in top}
        best = groups.first_of_each(np.array([docnum for _, docnum in top], dtype=np.int64))
        if len(best) >= end or len(top) >= len(scored.docs) or limit is None:
            return [(int(d), scores[int(d)]) for d in best[:end]]
        limit = None


def _match(
    snap: Snapshot,
    text: str,
    request: SearchRequest,
    allowed: np.ndarray | None,
    deadline: Deadline,
    ranked: bool,
) -> tuple[bm25f.Scored, bool]:
    """Every document ``text`` matches under the filters, scored, and whether time ran out.
    Unless the matches are ``ranked`` by score (not counted, nor sorted by date), the top is not
    reordered by meaning, which would embed articles for nothing.

    Free text goes straight to the ranking; the query language is matched first (all terms, then
    any term; ``matching.match_mask``, phrases and prefixes under the deadline) and its
    matches ranked by the BM25F score of the query's plain words.
    """
    searcher = snap.searcher
    fields = search_fields(request.boosts, searcher.schema)
    if text and is_free_text(text):
        if deadline.passed():
            nothing = bm25f.ScoringRequest([], fields, matches=_empty_mask(searcher))
            return bm25f.score_documents(searcher, nothing), True
        words = bm25f.query_words(searcher, text, list(fields))
        return _scored(snap, words, fields, text, ranked, allowed=allowed), False
    query, docs, timed_out = NullQuery, np.empty(0, dtype=np.int64), False
    plain = plain_words(text)
    words = bm25f.query_words(searcher, plain, list(fields)) if text else []
    passes = (True, False)
    if text and is_conjunctive(text) and not bm25f.may_have_all(snap.ranking_stats, words):
        passes = (False,)  # no document has every word: the all-words pass cannot match, skip its parse
    for all_terms in passes:
        query = parse_query(searcher.schema, fields, text, all_terms) if text else Every()
        check_prefixes(query, searcher.reader(), request.limits)
        matched, timed_out = match_mask(searcher, query, snap.ranking_stats, deadline)
        docs = np.flatnonzero(matched)
        if allowed is not None:
            docs = docs[allowed[docs]]
        if len(docs) or not text or timed_out:
            break
    mask = _empty_mask(searcher)
    mask[docs] = True
    return replace(_scored(snap, words, fields, plain, ranked, matches=mask), query=query), timed_out


def _scored(
    snap: Snapshot,
    words: list[bm25f.QueryWord],
    fields: dict[str, float],
    text: str,
    ranked: bool,
    *,
    allowed: np.ndarray | None = None,
    matches: np.ndarray | None = None,
) -> bm25f.Scored:
    """``bm25f.score_documents`` for the words of ``text`` among the ``allowed`` documents (the
    filters) or the ``matches`` of the query language, with what the text tells besides its words:
    how many it has as typed and, in English and when ``ranked``, its meaning vector."""
    request = bm25f.ScoringRequest(
        words,
        fields,
        matches=matches,
        allowed=allowed,
        typed=count_words(text),
        meaning=query_vector(text) if ranked else None,
    )
    return bm25f.score_documents(snap.searcher, request, snap.ranking_stats, snap.ranking_cache)


def _empty_mask(searcher) -> np.ndarray:
    """A mask over every document number with no document in it."""
    return np.zeros(searcher.doc_count_all(), dtype=bool)


def _filter_mask(columns: Columns, request: SearchRequest, typed: dict[str, list[str]]) -> np.ndarray | None:
    """Documents passing every filter (request parameters and ``lang:``/``source:`` typed in the query)."""
    mask = None
    wanted = [("lang", request.lang), ("source", request.source), ("speaker", request.speaker), *typed.items()]
    for name, values in wanted:  # any of a parameter's values; every parameter
        if values:
            part = getattr(columns, name).mask(values)
            mask = part if mask is None else mask & part
    if request.date_from or request.date_to:
        part = columns.date_mask(request.date_from, request.date_to)
        mask = part if mask is None else mask & part
    return mask


def _facets(columns: Columns, docs: np.ndarray) -> dict[str, dict[str, int]]:
    """Counts over every matching document; the ``FACET_SIZE`` most frequent values of each facet."""
    return {
        "lang": columns.lang.count(docs, FACET_SIZE),
        "source": columns.source.count(docs, FACET_SIZE),
        "speaker": columns.speaker.count(docs, FACET_SIZE),
        "year": dict(list(columns.years(docs).items())[:FACET_SIZE]),
    }


def _results(
    snap: Snapshot, query: Query, page: list[tuple[int, float | None]], snippets: bool = True
) -> list[SearchResult]:
    if not page:
        return []
    title: dict[str, Matcher] = {}
    body: dict[str, Matcher] = {}
    if snippets:
        terms = query_terms(query, snap.searcher.reader())
        schema = snap.searcher.schema  # not snap.index.schema, which reads the table of contents from disk
        title = matchers(schema, FIELD_GROUPS["title"], terms, snap.word_analyses)
        body = matchers(schema, FIELD_GROUPS["body"], terms, snap.word_analyses)
    sizes = snap.columns.groups.size
    stored_fields = snap.searcher.stored_fields
    return [_result(stored_fields(docnum), score, title, body, int(sizes[docnum])) for docnum, score in page]


def _result(
    stored: dict[str, Any],
    score: float | None,
    title_matchers: dict[str, Matcher],
    body_matchers: dict[str, Matcher],
    group_size: int = 1,
) -> SearchResult:
    doc = _document(stored)
    # Look for the query's terms as the article's own language analyses them (its fields hold it).
    lang = article_language(doc["lang"], doc["title"], doc["body"]) if title_matchers or body_matchers else ""
    title: Highlight = highlight_all(doc["title"], _for_language(title_matchers, lang))
    body: Highlight = snippet(doc["body"], _for_language(body_matchers, lang))
    return SearchResult(
        id=doc["id"],
        title=doc["title"],
        url=doc["url"],
        source=doc["source"],
        author=doc["author"],
        published=doc["published"],
        lang=doc["lang"],
        speakers=doc["speakers"],
        score=None if score is None else round(score, 4),
        snippet=body.html,
        title_html=title.html,
        matches={"title": title.positions, "body": body.positions},
        group_size=group_size,
    )


def _for_language(by_field: dict[str, Matcher], lang: str) -> list[Matcher]:
    """The matchers of ``lang``'s fields (``body_en``), or all of them when none is of that language."""
    own = [m for name, m in by_field.items() if field_language(name) == lang]
    return own or list(by_field.values())


def get_document(target: Index | Snapshot, doc_id: str) -> dict[str, Any]:
    """The stored fields of one document, as JSON-ready values."""
    with opened(target) as snap:
        stored = snap.searcher.document(id=doc_id)
    if stored is None:
        raise DocumentNotFound(f"no document with id {doc_id!r}")
    return _document(stored)


def similar(target: Index | Snapshot, doc_id: str, limit: int = 10) -> list[SearchResult]:
    """Documents most like ``doc_id`` by its key terms, best first (the document itself left out)."""
    with opened(target) as snap:
        docnum = snap.searcher.document_number(id=doc_id)
        if docnum is None:
            raise DocumentNotFound(f"no document with id {doc_id!r}")
        query = similar_query(snap.searcher, docnum, [*FIELD_GROUPS["title"], *FIELD_GROUPS["body"]])
        if query is None:
            return []
        hits = snap.searcher.search(query, limit=limit, mask={docnum})
        return [_result(hit.fields(), hit.score, {}, {}) for hit in hits]


def _document(stored: dict[str, Any]) -> dict[str, Any]:
    published = stored.get("published")
    speakers = stored.get("speakers") or ""
    return {
        "id": stored["id"],
        "title": stored.get("title", ""),
        "body": stored.get("body", ""),
        "url": stored.get("url") or None,
        "source": stored.get("source") or None,
        "author": stored.get("author") or None,
        "published": published.date().isoformat() if published else None,
        "lang": stored.get("lang", "und"),
        "speakers": [s for s in speakers.split(SPEAKER_SEPARATOR) if s],
        "title_derived": bool(stored.get("title_derived")),
    }
