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

from whoosh import highlight, sorting
from whoosh.collectors import CollapseCollector
from whoosh.index import Index
from whoosh.query import Query, Term
from whoosh.searching import Hit, ResultsPage, Searcher

from .query import make_parser
from .schema import SPEAKER_SEPARATOR, Boosts, search_fields

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
    collapse: bool = True  # one result per near-duplicate group; False shows every copy


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
    group_size: int = 1  # documents in its near-duplicate group (copies of one story), itself included


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
        query = parse(index, request.q, request.boosts, all_terms=True)
        page = _page(searcher, query, request)
        if page.total == 0:
            query = parse(index, request.q, request.boosts, all_terms=False)
            page = _page(searcher, query, request)
        page.results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        page.results.formatter = MarkFormatter()
        results = [_result(hit, group_size(searcher, hit.get("group_id"))) for hit in page]
        return SearchResponse(request.q, page.total, request.page, request.per_page, results)


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


def _page(searcher: Searcher, query: Query, request: SearchRequest) -> ResultsPage:
    """One page of hits; when collapsing, only the best-ranked document of each near-duplicate group."""
    if not (request.collapse and "group_id" in searcher.schema):
        return searcher.search_page(query, request.page, pagelen=request.per_page, terms=True)
    limit = request.page * request.per_page
    collector = searcher.collector(limit=limit, terms=True, collapse=sorting.FieldFacet("group_id"), collapse_limit=1)
    searcher.search_with_collector(query, collector)
    results = collector.results()
    collapsing = collector
    while not isinstance(collapsing, CollapseCollector):
        collapsing = collapsing.child
    # Whoosh's count includes the copies it hid; a collapsed total counts each group once.
    results._total = len(collapsing.lists)
    return ResultsPage(results, request.page, request.per_page)


def group_size(searcher: Searcher, group_id: str | None) -> int:
    """How many live documents share ``group_id`` (1 for a document without copies)."""
    if not group_id:
        return 1
    return sum(1 for _ in searcher.docs_for_query(Term("group_id", group_id))) or 1


def _result(hit: Hit, group: int = 1) -> SearchResult:
    doc = _document(hit.fields())
    snippet = hit.highlights("body", top=2) or _lead(doc["body"])
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
        group_size=group,
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
