"""Parameters of ``/api/timeline``, ``/api/export`` and ``/api/batch``, read into their requests.

Each takes every parameter of ``/api/search`` (read by ``request_args.request_from_args``) and a few of
its own: ``interval`` and ``by`` (timeline), ``format``, ``bom`` and ``limit`` (export), a list of
queries (batch). A bad value raises ``QueryError``, which the app answers with a 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from werkzeug.datastructures import MultiDict

from searchsvc.config import Settings
from searchsvc.search import LimitExceeded, QueryError
from searchsvc.search.batch import NO_QUERIES, BatchRequest
from searchsvc.search.export import ExportRequest
from searchsvc.search.export import export_request as checked_export
from searchsvc.search.timeline import AUTO, TimelineRequest

from .request_args import _flag, _int, request_from_args

BATCH_HITS = 3  # top hits per query of a batch, unless per_page says otherwise


def timeline_request(args: MultiDict, settings: Settings) -> TimelineRequest:
    """A ``TimelineRequest`` from query-string arguments."""
    return TimelineRequest(
        search=request_from_args(args, settings),
        interval=(args.get("interval") or AUTO).strip().lower(),
        by=(args.get("by") or "").strip().lower() or None,
        max_buckets=settings.max_timeline_buckets,
    )


def export_request(args: MultiDict, settings: Settings) -> ExportRequest:
    """An ``ExportRequest`` from query-string arguments (``format`` defaults to csv)."""
    return checked_export(
        request_from_args(args, settings),
        format=(args.get("format") or "csv").strip().lower(),
        limit=_int(args, "limit", 0) or None,
        bom=_flag(args, "bom", False),
        max_rows=settings.max_export_rows,
    )


def batch_request(queries: list[str], args: MultiDict, settings: Settings) -> BatchRequest:
    """A ``BatchRequest`` of ``queries`` with the filters and ``per_page`` of ``args`` (``q`` is not read)."""
    if len(queries) > settings.max_batch_queries:
        raise LimitExceeded(
            "max_batch_queries",
            f"{len(queries)} queries, more than {settings.max_batch_queries} in one batch (max_batch_queries)",
        )
    if not queries:  # before the first query is read as the request's own
        raise QueryError(NO_QUERIES)
    args = args.copy()
    args.setdefault("per_page", str(BATCH_HITS))
    args["q"] = queries[0] if queries else ""
    return BatchRequest(
        queries=tuple(queries),
        search=replace(request_from_args(args, settings), snippets=False),
        interval=(args.get("interval") or AUTO).strip().lower(),
        max_buckets=settings.max_timeline_buckets,
    )


def json_arguments(body: Any) -> tuple[list[str], MultiDict]:
    """The queries and the other members of a JSON batch body, as query-string arguments.

    >>> json_arguments({"queries": ["nato", "grain"], "lang": ["en", "uk"], "per_page": 5})
    (['nato', 'grain'], MultiDict([('lang', 'en'), ('lang', 'uk'), ('per_page', '5')]))
    """
    if not isinstance(body, Mapping):
        raise QueryError('the body must be a JSON object like {"queries": ["nato", "grain exports"]}')
    queries = body.get("queries")
    if not isinstance(queries, list) or not all(isinstance(q, str) for q in queries):
        raise QueryError("'queries' must be a list of strings")
    args: MultiDict = MultiDict()
    for name, value in body.items():
        if name == "queries":
            continue
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str | int | float | bool):
                raise QueryError(f"'{name}' must be a string, a number, a boolean or a list of them")
            args.add(name, str(item).lower() if isinstance(item, bool) else str(item))
    return [q.strip() for q in queries if q.strip()], args


def text_queries(text: str) -> list[str]:
    """One query per non-blank line of an uploaded text file.

    >>> text_queries("nato\\n\\n  grain exports \\r\\n")
    ['nato', 'grain exports']
    """
    return [line.strip() for line in text.splitlines() if line.strip()]
