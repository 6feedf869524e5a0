"""Batch search: many queries under the same filters, each with its total, its top hits and its
matches per period over a common range, as one table (ICIJ Datashare's batch search).

Each query is matched once (``service.match_all``): its page of hits and its timeline counts come
from the same matches, so a batch costs less than as many single searches (no facets, snippets or
suggestion). The batch as a whole has a time budget, ``BATCH_SECONDS``, below gunicorn's worker
timeout: queries it leaves no time for are answered empty with ``timed_out``.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from whoosh.index import Index

from searchsvc.query.deadline import Deadline
from searchsvc.query.limits import LimitExceeded, QueryError

from .doc_values import NO_DATE
from .periods import INTERVALS, period_numbers, starts
from .request import validate
from .service import SearchRequest, SearchResult, match_all, page_of
from .serving import Snapshot, opened
from .timeline import AUTO, check_buckets, choose_interval

BATCH_SECONDS = 20.0  # the whole batch's time; gunicorn.conf.py stops a worker after 30 s

NO_QUERIES = "the batch has no queries"


@dataclass(frozen=True)
class BatchRequest:
    """Queries, and the filters, hits per query (``per_page``) and options of ``search`` for each."""

    queries: tuple[str, ...]
    search: SearchRequest
    interval: str = AUTO
    max_buckets: int = 5000


@dataclass(frozen=True)
class BatchRow:
    """One query's answer: how many articles match, the best of them, and its matches per period."""

    query: str
    total: int
    hits: list[SearchResult]
    counts: list[int]  # per period of ``Batch.starts``
    undated: int
    timed_out: bool
    days: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.int64))
    day_counts: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.int64))

    def to_json(self, begins: list[str]) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [hit.to_json() for hit in self.hits],
            "timeline": [{"start": s, "count": c} for s, c in zip(begins, self.counts, strict=True)],
            "undated": self.undated,
            "timed_out": self.timed_out,
        }


@dataclass(frozen=True)
class Batch:
    """Every query's row, with the periods their counts are in (the same for all)."""

    interval: str
    starts: list[str]
    rows: list[BatchRow]
    took_ms: float = 0.0

    def to_json(self) -> dict[str, Any]:
        results = [row.to_json(self.starts) for row in self.rows]
        return {"interval": self.interval, "starts": self.starts, "results": results, "took_ms": self.took_ms}


def check(request: BatchRequest) -> list[SearchRequest]:
    """Each query's ``SearchRequest``; a bad query is an error naming its line (from 1)."""
    if not request.queries:
        raise QueryError(NO_QUERIES)
    if request.interval not in (AUTO, *INTERVALS):
        raise QueryError(f"interval must be one of {', '.join((AUTO, *INTERVALS))}")
    searches = []
    for number, query in enumerate(request.queries, 1):
        try:
            searches.append(validate(replace(request.search, q=query, page=1)))
        except LimitExceeded as exc:
            raise LimitExceeded(exc.limit, f"query {number}: {exc}") from None
        except QueryError as exc:
            raise QueryError(f"query {number}: {exc}") from None
    return searches


def run_batch(target: Index | Snapshot, request: BatchRequest) -> Batch:
    """Every query of the batch, in order; their counts per period over the range of all their dates."""
    started = time.perf_counter()
    searches = check(request)
    budget = Deadline(started + BATCH_SECONDS)
    with opened(target) as snap:
        rows = [_row(snap, search, budget) for search in searches]
    days = np.concatenate([row.days for row in rows])
    interval = request.interval if request.interval != AUTO else choose_interval(days)
    rows, first, last = _bucketed(rows, interval, request.max_buckets)
    begins = starts(first, last, interval) if last >= first else []
    return Batch(interval, begins, rows, round((time.perf_counter() - started) * 1000, 2))


def _row(snap: Snapshot, search: SearchRequest, budget: Deadline) -> BatchRow:
    """One query matched once: its total, its page of hits and its dated matches (distinct days, counts)."""
    if budget.passed():
        return BatchRow(search.q, 0, [], [], 0, timed_out=True)
    deadline = Deadline(min(budget.at, time.perf_counter() + search.limits.search_timeout))
    matches = match_all(snap, search, deadline, ranked=search.sort == "relevance")
    day = snap.columns.day[matches.stories]
    days, counts = np.unique(day[day != NO_DATE], return_counts=True)
    hits = page_of(snap, matches, search)
    return BatchRow(
        search.q, len(matches.stories), hits, [], int((day == NO_DATE).sum()), matches.timed_out, days, counts
    )


def _bucketed(rows: list[BatchRow], interval: str, max_buckets: int) -> tuple[list[BatchRow], int, int]:
    """The rows with their counts per period from the first dated match of any to the last."""
    periods = [period_numbers(row.days, interval) for row in rows]
    dated = [p for p in periods if len(p)]
    if not dated:
        return [replace(row, counts=[]) for row in rows], 0, -1
    first, last = min(int(p.min()) for p in dated), max(int(p.max()) for p in dated)
    size = last - first + 1
    check_buckets(size, interval, max_buckets)
    return (
        [
            replace(
                row, counts=np.bincount(p - first, weights=row.day_counts, minlength=size).astype(np.int64).tolist()
            )
            for row, p in zip(rows, periods, strict=True)
        ],
        first,
        last,
    )


def csv_text(batch: Batch) -> str:
    """The batch as a CSV table (RFC 4180, by the ``csv`` module): a row per query with its total,
    undated matches, the id and title of each top hit, then its count in each period."""
    hits = max((len(row.hits) for row in batch.rows), default=0)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    ranks = [f"hit_{rank}_{part}" for rank in range(1, hits + 1) for part in ("id", "title")]
    writer.writerow(["query", "total", "undated", *ranks, *batch.starts])
    for row in batch.rows:
        found = [value for hit in row.hits for value in (hit.id, hit.title)]
        writer.writerow([row.query, row.total, row.undated, *found, *[""] * (2 * hits - len(found)), *row.counts])
    return buffer.getvalue()
