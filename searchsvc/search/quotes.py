"""Search what people said: the quotes index of a generation, with the query language and filters of
articles (``service.match_all`` runs on it unchanged), newest first when only a speaker is given."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from whoosh.index import Index

from searchsvc.indexing.schema import FIELD_GROUPS, article_language, field_language
from searchsvc.query.deadline import Deadline
from searchsvc.query.limits import QueryError, check_paging, check_query

from .request import SearchRequest
from .service import FACET_SIZE, match_all, ordered
from .serving import Snapshot, opened
from .snippets import highlight_all, matchers, query_terms


@dataclass(frozen=True)
class QuoteResult:
    """One quote: who said it (their name across the index), the words with matches in ``<mark>``,
    its article and its ``[start, end)`` in the article's body."""

    speaker: str
    text: str
    text_html: str
    article: dict[str, Any]
    span: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "span": list(self.span)}


@dataclass(frozen=True)
class QuoteResponse:
    """A page of quotes, their total and facet counts over all of them."""

    query: str
    total: int
    page: int
    per_page: int
    results: list[QuoteResult]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    timed_out: bool = False
    took_ms: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "results": [result.to_json() for result in self.results]}


def validate_quotes(request: SearchRequest) -> SearchRequest:
    """A quote search needs words or a speaker (then its quotes come newest first)."""
    if request.q.strip():
        check_query(request.q, request.limits)
    elif not request.speaker:
        raise QueryError("give a query 'q' or a 'speaker'")
    check_paging(request.page, request.per_page, request.limits)
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise QueryError("'from' is after 'to'")
    return replace(request, sort="relevance" if request.q.strip() else "-date", collapse=False)


def search_quotes(target: Index | Snapshot, request: SearchRequest) -> QuoteResponse:
    """The requested page of the quotes ``request`` matches, and their facets."""
    started = time.perf_counter()
    request = validate_quotes(request)
    with opened(target) as snap:
        quotes = snap.quotes
        if quotes is None:
            return QuoteResponse(request.q, 0, request.page, request.per_page, [])
        deadline = Deadline(started + request.limits.search_timeout)
        matches = match_all(quotes, request, deadline)
        end = request.page * request.per_page
        docs, _ = ordered(quotes, matches, request, end)
        results = _results(quotes, matches.scored.query, docs[(request.page - 1) * request.per_page : end].tolist())
        columns, found = quotes.columns, matches.scored.docs
        facets = {
            "speaker": columns.speaker.count(found, FACET_SIZE),
            "lang": columns.lang.count(found, FACET_SIZE),
            "year": dict(list(columns.years(found).items())[:FACET_SIZE]),
        }
    took = round((time.perf_counter() - started) * 1000, 2)
    return QuoteResponse(
        request.q, len(found), request.page, request.per_page, results, facets, matches.timed_out, took
    )


def _results(quotes: Snapshot, query, docs: list[int]) -> list[QuoteResult]:
    terms = query_terms(query, quotes.searcher.reader()) if docs else {}
    body = matchers(quotes.searcher.schema, FIELD_GROUPS["body"], terms, quotes.word_analyses)
    people = quotes.columns.speaker.people
    out = []
    for docnum in docs:
        stored = quotes.searcher.stored_fields(docnum)
        lang = article_language(stored.get("lang", ""), stored.get("title", ""), stored["text"])
        own = [m for name, m in body.items() if field_language(name) == lang] or list(body.values())
        published = stored.get("published")
        article = {
            "id": stored["article"],
            "title": stored.get("title", ""),
            "url": stored.get("url") or None,
            "source": stored.get("source") or None,
            "published": published.date().isoformat() if published else None,
            "lang": stored.get("lang", "und"),
        }
        text = stored["text"]
        span = (int(stored["start"]), int(stored["end"]))
        out.append(QuoteResult(people.display(stored["speakers"]), text, highlight_all(text, own).html, article, span))
    return out
