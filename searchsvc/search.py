"""``search(index, SearchRequest) -> SearchResponse``: the one search path of the CLI and the web.

Free text is matched against title, speakers and body with BM25F and per-field boosts. All
terms are required first; when that finds nothing, the best partial matches are returned, so
a query with any matching term never gets an empty page.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from html import escape
from typing import Any

from whoosh import highlight
from whoosh.index import Index
from whoosh.query import Query
from whoosh.searching import Hit, ResultsPage, Searcher

from . import ranking
from .query import make_parser
from .schema import SPEAKER_SEPARATOR, Boosts, body_field, search_fields

SNIPPET_CHARS = 300
MAX_PAGE = 1000
_SPACES = re.compile(r"\s+")


class QueryError(ValueError):
    """The request cannot be answered as asked (empty query, bad paging, too long): a 400."""


class DocumentNotFound(LookupError):
    """No document has the requested id: a 404."""


@dataclass(frozen=True)
class SearchRequest:
    """A keyword query and the page of results wanted."""

    q: str
    page: int = 1
    per_page: int = 10
    boosts: Boosts = field(default_factory=Boosts)
    snippets: bool = True  # off for evaluation runs, which want only ids and scores


@dataclass(frozen=True)
class SearchResult:
    """One ranked hit, with a highlighted snippet of its body (HTML-escaped, ``<mark>``)."""

    id: str
    title: str
    url: str | None
    source: str | None
    author: str | None
    published: str | None
    lang: str
    speakers: list[str]
    score: float
    snippet: str


@dataclass(frozen=True)
class SearchResponse:
    """A page of ranked results and the total number of matching documents."""

    query: str
    total: int
    page: int
    per_page: int
    results: list[SearchResult]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def validate(request: SearchRequest, max_query_length: int, max_per_page: int) -> SearchRequest:
    """Reject requests the service will not run, with a message saying why."""
    if not request.q or not request.q.strip():
        raise QueryError("the query 'q' is missing or empty")
    if "\x00" in request.q:
        raise QueryError("the query contains a NUL character")
    if len(request.q) > max_query_length:
        raise QueryError(f"the query is longer than {max_query_length} characters")
    if not 1 <= request.per_page <= max_per_page:
        raise QueryError(f"per_page must be between 1 and {max_per_page}")
    if not 1 <= request.page <= MAX_PAGE:
        raise QueryError(f"page must be between 1 and {MAX_PAGE}")
    return request


def search(index: Index, request: SearchRequest) -> SearchResponse:
    """Run one ranked keyword search and return the requested page."""
    with index.searcher() as searcher:
        page = ranked_page(searcher, request)
        page.results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        page.results.formatter = MarkFormatter()
        results = [_result(hit, request.snippets) for hit in page]
        return SearchResponse(request.q, page.total, request.page, request.per_page, results)


def ranked_page(searcher: Searcher, request: SearchRequest) -> ResultsPage:
    """The requested page of hits: free text ranked directly, the query language matched by Whoosh
    (all terms first, any term when that finds nothing) and ranked the same way."""
    fields = search_fields(request.boosts)
    if ranking.is_free_text(request.q):
        return ranking.search_page(searcher, request.q, fields, request.page, request.per_page)
    for all_terms in (True, False):
        query = make_parser(searcher.schema, fields, all_terms).parse(request.q)
        page = ranking.search_page(searcher, request.q, fields, request.page, request.per_page, matching=query)
        if page.total:
            break
    return page


class MarkFormatter(highlight.HtmlFormatter):
    """Wraps each matched term in a bare ``<mark>``; all text is HTML-escaped, white space folded."""

    template = "<%(tag)s>%(t)s</%(tag)s>"

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def _text(self, text: str) -> str:
        return escape(_SPACES.sub(" ", text), quote=False)


def parse(index: Index, text: str, boosts: Boosts, all_terms: bool) -> Query:
    """A user's query string as a Whoosh query over the searched fields."""
    return make_parser(index.schema, search_fields(boosts), all_terms).parse(text)


def get_document(index: Index, doc_id: str) -> dict[str, Any]:
    """The stored fields of one document, as JSON-ready values."""
    with index.searcher() as searcher:
        stored = searcher.document(id=doc_id)
        if stored is None:
            raise DocumentNotFound(f"no document with id {doc_id!r}")
        return _document(stored)


def _result(hit: Hit, snippets: bool = True) -> SearchResult:
    doc = _document(hit.fields())
    snippet = ""
    if snippets:
        field = body_field(doc["lang"], doc["title"], doc["body"])
        snippet = hit.highlights(field, text=doc["body"], top=2) or _lead(doc["body"])
    return SearchResult(
        id=doc["id"],
        title=doc["title"],
        url=doc["url"],
        source=doc["source"],
        author=doc["author"],
        published=doc["published"],
        lang=doc["lang"],
        speakers=doc["speakers"],
        score=round(hit.score, 4),
        snippet=snippet,
    )


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


def _lead(body: str) -> str:
    """The opening of the body, escaped, for hits whose match is not in the body."""
    lead = _SPACES.sub(" ", body[:SNIPPET_CHARS])
    return escape(lead.rsplit(" ", 1)[0] + " …" if len(body) > SNIPPET_CHARS else lead, quote=False)
