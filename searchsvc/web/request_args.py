"""Query-string parameters of ``/api/search`` and the page, read into a ``SearchRequest``.

``q``, ``lang``, ``source``, ``speaker`` (each repeatable), ``from``/``to`` (ISO dates, or a
year, or a year and month), ``sort``, ``page``, ``per_page`` and ``collapse`` (``false`` shows every copy of a
near-duplicate story); other parameters are ignored.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date

from werkzeug.datastructures import MultiDict

from searchsvc.config import Settings
from searchsvc.indexing.schema import Boosts
from searchsvc.query.limits import Limits, QueryError
from searchsvc.search.service import SearchRequest

MAX_FILTER_VALUES = 20
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def search_request(args: MultiDict | Mapping[str, str], settings: Settings) -> SearchRequest:
    """A ``SearchRequest`` from query-string arguments; a bad value raises ``QueryError``."""
    getlist = args.getlist if hasattr(args, "getlist") else (lambda k: [args[k]] if k in args else [])
    return SearchRequest(
        q=args.get("q", ""),
        page=_int(args, "page", 1),
        per_page=_int(args, "per_page", 10),
        boosts=Boosts.from_settings(settings),
        lang=_values(getlist, "lang"),
        source=_values(getlist, "source"),
        speaker=_values(getlist, "speaker"),
        date_from=parse_date(args.get("from"), "from", end=False),
        date_to=parse_date(args.get("to"), "to", end=True),
        sort=args.get("sort") or "relevance",
        limits=Limits.from_settings(settings),
        collapse=_flag(args, "collapse", True),
    )


def _int(args, name: str, default: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    if len(raw) > 12 or not re.fullmatch(r"[+-]?\d+", raw.strip()):
        raise QueryError(f"'{name}' must be a whole number, got {raw[:40]!r}")
    return int(raw)


def _flag(args, name: str, default: bool) -> bool:
    raw = (args.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "0", "false", "no"):
        return raw in ("1", "true", "yes")
    raise QueryError(f"'{name}' must be true or false, got {raw[:40]!r}")


def _values(getlist, name: str) -> tuple[str, ...]:
    values = tuple(v for v in getlist(name) if v.strip())
    if len(values) > MAX_FILTER_VALUES:
        raise QueryError(f"at most {MAX_FILTER_VALUES} '{name}' values")
    return values


def parse_date(raw: str | None, name: str, end: bool) -> date | None:
    """``2023``, ``2023-09`` or ``2023-09-29`` as a date; a year or month means its first or last day.

    >>> parse_date("2023-02", "to", end=True)
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
