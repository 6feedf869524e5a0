"""What one search asks for: ``SearchRequest``, built from a user's values and checked before it runs.

The web layer (query-string arguments) and the CLI (options) both build their request with
``search_request``, so a value means the same in both and is rejected with the same message.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from searchsvc.indexing.schema import Boosts
from searchsvc.query.limits import Limits, QueryError, check_paging, check_query

SORTS = ("relevance", "date", "-date")
MAX_FILTER_VALUES = 20
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class SearchRequest:
    """A keyword query, its filters, order and the page of results wanted."""

    q: str
    page: int = 1
    per_page: int = 10
    boosts: Boosts = field(default_factory=Boosts)
    lang: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    limits: Limits = field(default_factory=Limits)
    snippets: bool = True  # off for evaluation runs, which want only ids and scores
    collapse: bool = True  # one result per near-duplicate group; False shows every copy


def search_request(
    q: str,
    *,
    page: int = 1,
    per_page: int = 10,
    lang: Sequence[str] = (),
    source: Sequence[str] = (),
    speaker: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    sort: str | None = None,
    collapse: bool = True,
    boosts: Boosts | None = None,
    limits: Limits | None = None,
) -> SearchRequest:
    """A ``SearchRequest`` from what a user typed: dates as ``2023``, ``2023-09`` or ``2023-09-29``
    (a year or month is its first day in ``date_from``, its last in ``date_to``), empty filter values
    ignored, at most ``MAX_FILTER_VALUES`` of each. A bad value raises ``QueryError``; the bounds are
    checked by what runs the request (``validate``: a search pages, an export does not)."""
    return SearchRequest(
        q=q,
        page=page,
        per_page=per_page,
        boosts=boosts or Boosts(),
        lang=_values(lang, "lang"),
        source=_values(source, "source"),
        speaker=_values(speaker, "speaker"),
        date_from=parse_period(date_from, "from", end=False),
        date_to=parse_period(date_to, "to", end=True),
        sort=sort or "relevance",
        limits=limits or Limits(),
        collapse=collapse,
    )


def validate(request: SearchRequest) -> SearchRequest:
    """Reject requests the service will not run, with a message saying which bound or value is wrong."""
    check_query(request.q, request.limits)
    check_paging(request.page, request.per_page, request.limits)
    if request.sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise QueryError("'from' is after 'to'")
    return request


def _values(values: Sequence[str], name: str) -> tuple[str, ...]:
    kept = tuple(v for v in values if v.strip())
    if len(kept) > MAX_FILTER_VALUES:
        raise QueryError(f"at most {MAX_FILTER_VALUES} '{name}' values")
    return kept


def parse_period(raw: str | None, name: str, end: bool) -> date | None:
    """``2023``, ``2023-09`` or ``2023-09-29`` as a date; a year or month means its first or last day.

    >>> parse_period("2023-02", "to", end=True)
    datetime.date(2023, 2, 28)
    """
    if not raw:
        return None
    match = _DATE.match(raw.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = int(match[1]), int(match[2] or (12 if end else 1)), match[3]
        last = calendar.monthrange(year, month)[1]
        return date(year, month, int(day) if day else (last if end else 1))
    except ValueError:
        raise QueryError(f"'{name}' must be a date like 2023-09-29, got {raw[:40]!r}") from None
