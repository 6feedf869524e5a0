"""Query-string parameters of ``/api/search`` and the page, read into a ``SearchRequest``.

``q``, ``lang``, ``source``, ``speaker`` (each repeatable), ``from``/``to`` (ISO dates, or a
year, or a year and month), ``sort``, ``page``, ``per_page`` and ``collapse`` (``false`` shows every copy of a
near-duplicate story); other parameters are ignored. The values mean what ``search.request`` says.
"""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from searchsvc.config import Settings
from searchsvc.search import QueryError, search_request
from searchsvc.search.request import SearchRequest


def request_from_args(args: MultiDict, settings: Settings) -> SearchRequest:
    """A checked ``SearchRequest`` from query-string arguments; a bad value raises ``QueryError``."""
    return search_request(
        args.get("q", ""),
        page=_int(args, "page", 1),
        per_page=_int(args, "per_page", 10),
        lang=args.getlist("lang"),
        source=args.getlist("source"),
        speaker=args.getlist("speaker"),
        date_from=args.get("from"),
        date_to=args.get("to"),
        sort=args.get("sort"),
        collapse=_flag(args, "collapse", True),
        boosts=settings.boosts(),
        limits=settings.limits(),
    )


def speakers_from_args(args: MultiDict) -> dict:
    """The arguments of ``/api/speakers`` (``q``, repeatable ``lang``, ``page``, ``per_page``) for
    ``search.speakers.list_speakers``."""
    return {
        "q": args.get("q", ""),
        "lang": tuple(v for v in args.getlist("lang") if v.strip()),
        "page": _int(args, "page", 1),
        "per_page": _int(args, "per_page", 20),
    }


def _int(args: MultiDict, name: str, default: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    if len(raw) > 12 or not re.fullmatch(r"[+-]?\d+", raw.strip()):
        raise QueryError(f"'{name}' must be a whole number, got {raw[:40]!r}")
    return int(raw)


def _flag(args: MultiDict, name: str, default: bool) -> bool:
    raw = (args.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "0", "false", "no"):
        return raw in ("1", "true", "yes")
    raise QueryError(f"'{name}' must be true or false, got {raw[:40]!r}")
