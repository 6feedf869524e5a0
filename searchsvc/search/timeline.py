"""Coverage over time: how many of a query's matches fall in each day, week, month or year, beside how
many articles the index holds in that period, so that attention can be read normalised by volume
(Media Cloud's "attention over time").

Counts cover the whole result set a search counts in its ``total`` (``service.match_all``), one
document per near-duplicate group unless the request asks for every copy; everything after the
matching is a few numpy passes over the per-document columns (``doc_values``).
"""

from __future__ import annotations

import bisect
import hashlib
import time
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
from whoosh.index import Index

from searchsvc.query.deadline import Deadline
from searchsvc.query.limits import LimitExceeded, QueryError

from .doc_values import NO_DATE, Columns
from .periods import INTERVALS, period_end, period_numbers, period_of, period_start, starts
from .request import validate
from .service import Matches, SearchRequest, match_all
from .serving import Snapshot, opened

SERIES_BY = ("lang", "source", "speaker")
SERIES_SIZE = 10  # values of ``by`` with a series of their own; the rest are summed as OTHER
OTHER = "other"
AUTO = "auto"
AUTO_BUCKETS = 100  # "auto" picks the finest interval that needs at most this many buckets
VOLUME_CACHE = 64  # per snapshot: (interval, filter) pairs whose volume per period is kept


@dataclass(frozen=True)
class TimelineRequest:
    """A search's query and filters, the length of a bucket and what to split the counts by."""

    search: SearchRequest
    interval: str = AUTO
    by: str | None = None
    max_buckets: int = 5000
    series_size: int = SERIES_SIZE


@dataclass(frozen=True)
class Timeline:
    """Matches per period from the first dated match's to the last's, every period present."""

    query: str
    interval: str
    by: str | None
    first: int  # period number of the first bucket
    counts: np.ndarray  # matches per bucket
    totals: np.ndarray  # articles of the index per bucket, under the request's language and source filters
    series: dict[str, np.ndarray]  # matches per bucket of each of the largest values of ``by``, then OTHER
    total: int  # every match, dated or not (a search's ``total``)
    undated: int
    timed_out: bool = False
    took_ms: float = 0.0

    @property
    def starts(self) -> list[str]:
        """The first day of each bucket, as ISO dates."""
        return starts(self.first, self.first + len(self.counts) - 1, self.interval)

    def period(self, bucket: int) -> tuple[date, date]:
        """The first and last day of bucket number ``bucket``."""
        return period_start(self.first + bucket, self.interval), period_end(self.first + bucket, self.interval)

    def shares(self, counts: np.ndarray) -> list[float]:
        """``counts`` over each bucket's total (0 where the index holds nothing then)."""
        share = np.divide(counts, self.totals, out=np.zeros(len(counts)), where=self.totals > 0)
        return np.round(share, 6).tolist()

    def to_json(self) -> dict[str, Any]:
        begins, counts = self.starts, self.counts.tolist()
        buckets = [
            {"start": s, "count": c, "total": t, "share": f}
            for s, c, t, f in zip(begins, counts, self.totals.tolist(), self.shares(self.counts), strict=True)
        ]
        series = {
            value: [
                {"start": s, "count": c, "share": f} for s, c, f in zip(begins, v.tolist(), self.shares(v), strict=True)
            ]
            for value, v in self.series.items()
        }
        return {
            "query": self.query,
            "interval": self.interval,
            "by": self.by,
            "total": self.total,
            "buckets": buckets,
            "series": series,
            "undated": self.undated,
            "timed_out": self.timed_out,
            "took_ms": self.took_ms,
        }


def check(request: TimelineRequest) -> TimelineRequest:
    """Reject an unknown interval or ``by`` and a search the service will not run."""
    if request.interval not in (AUTO, *INTERVALS):
        raise QueryError(f"interval must be one of {', '.join((AUTO, *INTERVALS))}")
    if request.by is not None and request.by not in SERIES_BY:
        raise QueryError(f"by must be one of {', '.join(SERIES_BY)}")
    return replace(request, search=validate(request.search))


def timeline(target: Index | Snapshot, request: TimelineRequest) -> Timeline:
    """Count a query's matches per period (and per value of ``request.by``), beside the index's volume."""
    started = time.perf_counter()
    request = check(request)
    with opened(target) as snap:
        deadline = Deadline(started + request.search.limits.search_timeout)
        result = count_matches(snap, match_all(snap, request.search, deadline), request)
    return replace(result, took_ms=round((time.perf_counter() - started) * 1000, 2))


def count_matches(snap: Snapshot, matches: Matches, request: TimelineRequest) -> Timeline:
    """The timeline of ``matches`` (from ``match_all``) in ``request.interval`` buckets."""
    columns = snap.columns
    stories = matches.stories
    dated = stories[columns.day[stories] != NO_DATE]
    interval = request.interval if request.interval != AUTO else choose_interval(columns.day[dated])
    empty = Timeline(
        request.search.q,
        interval,
        request.by,
        0,
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.int64),
        {},
        len(stories),
        len(stories),
        matches.timed_out,
    )
    if not len(dated):
        return empty
    period = period_numbers(columns.day[dated], interval)
    first, last = int(period.min()), int(period.max())
    size = last - first + 1
    check_buckets(size, interval, request.max_buckets)
    offsets = period - first
    return replace(
        empty,
        first=first,
        counts=np.bincount(offsets, minlength=size),
        totals=_volume(snap, matches.volume, interval, first, last, request.search.collapse),
        series=_series(columns, request.by, dated, offsets, size, request.series_size),
        undated=len(stories) - len(dated),
    )


def check_buckets(size: int, interval: str, max_buckets: int) -> None:
    """Refuse a timeline of more than ``max_buckets`` buckets (a response of unbounded size)."""
    if size > max_buckets:
        raise LimitExceeded(
            "max_timeline_buckets",
            f"the matches span {size} buckets of a {interval}, more than {max_buckets} "
            "(max_timeline_buckets); choose a longer interval or narrow 'from' and 'to'",
        )


def choose_interval(days: np.ndarray) -> str:
    """The finest interval that shows ``days`` in at most ``AUTO_BUCKETS`` buckets (years at the most)."""
    if not len(days):
        return "month"
    low, high = date.fromordinal(int(days.min())), date.fromordinal(int(days.max()))
    for interval in INTERVALS[:-1]:
        if period_of(high, interval) - period_of(low, interval) < AUTO_BUCKETS:
            return interval
    return INTERVALS[-1]


def _volume(
    snap: Snapshot, allowed: np.ndarray | None, interval: str, first: int, last: int, collapse: bool
) -> np.ndarray:
    """Live articles per bucket from ``first`` to ``last`` under ``allowed`` (the language and source
    filters): counted once per snapshot, interval and filter over the whole index, then sliced."""
    key = (interval, collapse, None if allowed is None else hashlib.blake2b(allowed.tobytes(), digest_size=16).digest())
    if key not in snap.volumes:
        if len(snap.volumes) >= VOLUME_CACHE:
            snap.volumes.clear()
        snap.volumes[key] = _index_volume(snap, allowed, interval, collapse)
    start, counts = snap.volumes[key]
    size = last - first + 1
    result = np.zeros(size, dtype=np.int64)
    lo, hi = max(first, start), min(last, start + len(counts) - 1)
    if lo <= hi:
        result[lo - first : hi - first + 1] = counts[lo - start : hi - start + 1]
    return result


def _index_volume(snap: Snapshot, allowed: np.ndarray | None, interval: str, collapse: bool) -> tuple[int, np.ndarray]:
    """The first period of any dated live article under ``allowed``, and the articles of each period
    from there; with ``collapse``, the near-duplicate groups having an article in each period, so
    that a period never holds more matching stories than stories."""
    day = snap.columns.day
    keep = snap.ranking_stats.live & (day != NO_DATE)
    if allowed is not None:
        keep &= allowed
    docs = np.flatnonzero(keep)
    if not len(docs):
        return 0, np.zeros(0, dtype=np.int64)
    period = period_numbers(day[docs], interval)
    first = int(period.min())
    offsets = period - first
    size = int(offsets.max()) + 1
    if not collapse:
        return first, np.bincount(offsets, minlength=size)
    key = snap.columns.groups.key[docs]
    grouped = key >= 0  # the others are groups of one
    width = int(key.max(initial=0)) + 1
    pairs = np.unique(offsets[grouped] * width + key[grouped])  # each (period, group) once
    return first, np.bincount(offsets[~grouped], minlength=size) + np.bincount(pairs // width, minlength=size)


def _series(
    columns: Columns, by: str | None, docs: np.ndarray, offsets: np.ndarray, size: int, keep: int
) -> dict[str, Any]:
    """Matches per bucket of the ``keep`` commonest values of ``by`` among ``docs`` (most first, ties by
    name), and of all other values together as ``OTHER``; documents without a value are in none."""
    if by is None:
        return {}
    column = getattr(columns, by)
    if by == "speaker":  # several values per document: one pair per (document, speaker)
        selected = np.full(columns.doc_count, -1, dtype=np.int64)
        selected[docs] = offsets
        pairs = selected[column.docs] >= 0
        codes, where = column.codes[pairs], selected[column.docs[pairs]]
    else:
        codes = column.codes[docs]
        where, codes = offsets[codes >= 0], codes[codes >= 0]
    ranked = column.count(docs)
    top = [bisect.bisect_left(column.values, name) for name in list(ranked)[:keep]]
    slot = np.full(len(column.values), keep, dtype=np.int64)
    slot[top] = np.arange(len(top))
    grid = np.bincount(slot[codes] * size + where, minlength=(keep + 1) * size).reshape(-1, size)
    series: dict[str, np.ndarray] = {column.values[code]: grid[i] for i, code in enumerate(top)}
    if len(ranked) > keep:
        series[OTHER] = grid[keep]
    return series
