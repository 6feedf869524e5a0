"""Bounds on what one search may cost: query length and terms, prefix expansion, page depth, time.

Each bound has a name (the setting that configures it); a request over a bound raises
``LimitExceeded`` naming it, which the web layer turns into a 400 JSON error.
"""

from __future__ import annotations

from dataclasses import dataclass


class QueryError(ValueError):
    """The request cannot be answered as asked (empty query, bad paging, bad filter): a 400."""

    code = "bad_request"


class LimitExceeded(QueryError):
    """The request goes over one of the configured ``Limits``; ``limit`` names which one."""

    code = "limit_exceeded"

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(message)
        self.limit = limit


@dataclass(frozen=True)
class Limits:
    """The bounds of one search; field names are the settings' keys."""

    max_query_length: int = 1000
    max_terms: int = 200
    max_prefix_terms: int = 1000
    max_per_page: int = 100
    max_result_window: int = 10_000
    search_timeout: float = 1.0


def check_query(text: str, limits: Limits) -> None:
    """Reject a missing, binary, too long or too wordy query string."""
    if not text or not text.strip():
        raise QueryError("the query 'q' is missing or empty")
    if "\x00" in text:
        raise QueryError("the query contains a NUL character")
    if len(text) > limits.max_query_length:
        raise LimitExceeded(
            "max_query_length", f"the query is longer than {limits.max_query_length} characters (max_query_length)"
        )
    if len(text.split()) > limits.max_terms:
        raise LimitExceeded("max_terms", f"the query has more than {limits.max_terms} terms (max_terms)")


def check_paging(page: int, per_page: int, limits: Limits) -> None:
    """Reject a page size out of range or a page deeper than the result window."""
    if not 1 <= per_page <= limits.max_per_page:
        raise LimitExceeded("max_per_page", f"per_page must be between 1 and {limits.max_per_page} (max_per_page)")
    if page < 1:
        raise QueryError("page must be 1 or more")
    if page * per_page > limits.max_result_window:
        raise LimitExceeded(
            "max_result_window",
            f"page {page} of {per_page} goes past result {limits.max_result_window} (max_result_window)",
        )


def check_prefix(prefix: str, expansions: int, limits: Limits) -> None:
    """Reject a ``prefix*`` that expands to more index terms than allowed."""
    if expansions > limits.max_prefix_terms:
        raise LimitExceeded(
            "max_prefix_terms",
            f"'{prefix[:40]}*' matches more than {limits.max_prefix_terms} words (max_prefix_terms); type more letters",
        )
