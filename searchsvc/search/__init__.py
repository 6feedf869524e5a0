"""Search: ``SearchRequest`` → ``SearchResponse``, the one search path the web layer and the CLI
share. Matching and ranking, then filters, facets and sorting over per-document arrays
(``doc_values``), near-duplicate collapsing, snippets, "did you mean" and similar articles, on an
opened index generation (``serving``). Knows nothing of Flask."""

from searchsvc.query.limits import LimitExceeded, QueryError

from .request import SearchRequest, search_request
from .service import (
    DocumentNotFound,
    SearchResponse,
    SearchResult,
    get_document,
    search,
)

__all__ = [
    "DocumentNotFound",
    "LimitExceeded",
    "QueryError",
    "SearchRequest",
    "SearchResponse",
    "SearchResult",
    "get_document",
    "search",
    "search_request",
]
