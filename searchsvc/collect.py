"""Collecting matches under a deadline: every matching document number, and the best k scored.

A search that runs out of time stops where it is and returns what it found, flagged.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from whoosh.collectors import FilterCollector, TimeLimit, WrappingCollector
from whoosh.query import Query
from whoosh.searching import Searcher

from .columns import NO_DATE

CHECK_EVERY = 256  # documents between two looks at the clock


@dataclass(frozen=True)
class Deadline:
    """A point in ``time.perf_counter()`` time after which a search stops."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.perf_counter() + seconds)

    def passed(self) -> bool:
        return time.perf_counter() >= self.at


def matching_docs(searcher: Searcher, query: Query, deadline: Deadline) -> tuple[np.ndarray, bool]:
    """All document numbers ``query`` matches (unscored), and whether time ran out first."""
    timed_out = False

    def docs() -> Iterator[int]:
        nonlocal timed_out
        for count, docnum in enumerate(searcher.docs_for_query(query)):
            if count % CHECK_EVERY == 0 and deadline.passed():
                timed_out = True
                return
            yield docnum

    return np.fromiter(docs(), dtype=np.int64), timed_out


class DeadlineCollector(WrappingCollector):
    """Wraps a collector; raises ``TimeLimit`` once the deadline passes (checked every few documents)."""

    def __init__(self, child, deadline: Deadline) -> None:
        self.child = child
        self.deadline = deadline
        self.seen = 0

    def collect_matches(self) -> None:
        for sub_docnum in self.child.matches():
            self.collect(sub_docnum)

    def collect(self, sub_docnum: int):
        if self.seen % CHECK_EVERY == 0 and self.deadline.passed():
            raise TimeLimit
        self.seen += 1
        return self.child.collect(sub_docnum)


def top_scored(
    searcher: Searcher, query: Query, limit: int, allowed: set[int] | None, deadline: Deadline
) -> tuple[list[tuple[int, float]], bool]:
    """The ``limit`` best ``(docnum, score)`` pairs among ``allowed`` documents, and whether time ran out."""
    collector = DeadlineCollector(searcher.collector(limit=limit), deadline)
    # The filter wraps the deadline so that it sees documents first (FilterCollector loops itself).
    outer = FilterCollector(collector, allowed) if allowed is not None else collector
    timed_out = False
    try:
        searcher.search_with_collector(query, outer)
    except TimeLimit:
        timed_out = True
    results = outer.results()
    return [(results.docnum(i), float(results.score(i))) for i in range(results.scored_length())], timed_out


def by_date(docs: np.ndarray, days: np.ndarray, newest_first: bool) -> np.ndarray:
    """``docs`` ordered by publication day (undated last), ties in document order."""
    day = days[docs]
    key = np.where(day == NO_DATE, np.iinfo(np.int64).max, -day if newest_first else day)
    return docs[np.argsort(key, kind="stable")]
