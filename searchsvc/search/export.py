"""Every article a query matches, streamed as CSV (RFC 4180, by the ``csv`` module) or JSON lines.

``prepare_export`` runs the search once (``service.match_all``, the whole result set in the
request's order, one article per near-duplicate group unless ``collapse`` is off) and keeps only
document numbers and scores; ``lines`` then reads the stored fields ``CHUNK`` documents at a
time and yields text as it goes, so an export of 100,000 articles never holds more than a chunk of
rows. The bound is ``max_export_rows`` (not ``max_result_window``, which bounds paging).
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from searchsvc.query.deadline import Deadline
from searchsvc.query.limits import LimitExceeded, QueryError

from .request import validate
from .service import SearchRequest, _document, match_all, ordered
from .serving import Snapshot

COLUMNS = ("id", "title", "url", "source", "author", "published", "lang", "speakers", "score", "group_size")
FORMATS = ("csv", "jsonl")
CHUNK = 500  # documents whose stored fields are read, and whose lines are written, at a time
CSV_SPEAKERS = "; "
BOM = "\ufeff"  # marks UTF-8 for spreadsheet programs that would otherwise guess a legacy encoding


@dataclass(frozen=True)
class ExportRequest:
    """A search's query, filters and order, the file format, and how many rows at the most."""

    search: SearchRequest
    format: str = "csv"
    limit: int | None = None  # the first ``limit`` matches in order; None: every match (up to ``max_rows``)
    max_rows: int = 100_000
    bom: bool = False  # CSV only: begin with a byte order mark


def export_request(
    search: SearchRequest, format: str = "csv", limit: int | None = None, bom: bool = False, max_rows: int = 100_000
) -> ExportRequest:
    """A checked ``ExportRequest`` (the web layer's parameters and the CLI's options alike): a known
    ``format``, and a ``limit`` between 1 and ``max_rows`` when one is given."""
    if format not in FORMATS:
        raise QueryError(f"format must be one of {', '.join(FORMATS)}")
    if limit is not None and not 1 <= limit <= max_rows:
        raise LimitExceeded("max_export_rows", f"limit must be between 1 and {max_rows} (max_export_rows)")
    return ExportRequest(search=search, format=format, limit=limit, max_rows=max_rows, bom=bom)


@dataclass(frozen=True)
class Export:
    """The matches of an export, in order, ready to stream from the snapshot they were found in."""

    request: ExportRequest
    docs: np.ndarray
    scores: np.ndarray  # NaN where there is no score (sorted by date)
    timed_out: bool
    took_ms: float = 0.0

    @property
    def rows(self) -> int:
        return len(self.docs)


def prepare_export(snap: Snapshot, request: ExportRequest) -> Export:
    """Match and order the rows of an export; over ``max_rows`` (with no ``limit``) is a ``LimitExceeded``."""
    started = time.perf_counter()
    search = validate(replace(request.search, page=1, per_page=1))
    deadline = Deadline(started + search.limits.search_timeout)
    matches = match_all(snap, search, deadline, ranked=search.sort == "relevance")
    found = len(matches.stories)
    if request.limit is None and found > request.max_rows:
        raise LimitExceeded(
            "max_export_rows",
            f"the query matches {found} articles, more than {request.max_rows} (max_export_rows); "
            "narrow it with filters, or ask for the first ones with 'limit'",
        )
    docs, scores = ordered(snap, matches, search, min(found, request.limit or found))
    took_ms = round((time.perf_counter() - started) * 1000, 2)
    return Export(replace(request, search=search), docs, scores, matches.timed_out, took_ms)


def records(snap: Snapshot, export: Export) -> Iterator[list[dict[str, Any]]]:
    """The rows of ``export`` as dicts of ``COLUMNS``, a list of up to ``CHUNK`` at a time, in order."""
    sizes = snap.columns.groups.size
    stored_fields = snap.searcher.stored_fields
    for begin in range(0, export.rows, CHUNK):
        docs, scores = export.docs[begin : begin + CHUNK], export.scores[begin : begin + CHUNK]
        fields = {int(d): stored_fields(int(d)) for d in np.sort(docs)}  # in index order: reads move forward
        yield [
            _record(fields[int(docnum)], float(score), int(sizes[docnum]))
            for docnum, score in zip(docs, scores, strict=True)
        ]


def _record(stored: dict[str, Any], score: float, group_size: int) -> dict[str, Any]:
    doc = _document(stored)  # the values the API shows for an article, read the same way
    return {
        **{name: doc[name] for name in COLUMNS[:-2]},
        "score": None if np.isnan(score) else round(score, 4),
        "group_size": group_size,
    }


def lines(snap: Snapshot, export: Export) -> Iterator[str]:
    """The export as text in its format, a chunk of rows at a time (the CSV header first)."""
    if export.request.format == "jsonl":
        for chunk in records(snap, export):
            yield "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in chunk)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # the "excel" dialect: RFC 4180's quoting and CRLF line ends
    writer.writerow(COLUMNS)
    yield (BOM if export.request.bom else "") + _drain(buffer)
    for chunk in records(snap, export):
        writer.writerows([_csv_row(row) for row in chunk])
        yield _drain(buffer)


def _csv_row(row: dict[str, Any]) -> list[Any]:
    return [CSV_SPEAKERS.join(row[c]) if c == "speakers" else row[c] for c in COLUMNS]


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
