"""Collecting matches under a deadline: every matching document number, and the best k scored.

A search that runs out of time stops where it is and returns what it found, flagged.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from whoosh.collectors import ScoredCollector, TimeLimit, WrappingCollector
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


class _AllScores(ScoredCollector):
    """Scores every matching document (no top-k pruning): one pass gives the total, facets and ranking."""

    def prepare(self, top_searcher, q, context) -> None:
        super().prepare(top_searcher, q, context)
        self.docnums: list[int] = []
        self.scores: list[float] = []

    def _collect(self, global_docnum: int, score: float) -> int:
        self.docnums.append(global_docnum)
        self.scores.append(score)
        return 0

    def results(self) -> _AllScores:
        return self


def scored_docs(searcher: Searcher, query: Query, deadline: Deadline) -> tuple[np.ndarray, np.ndarray, bool]:
    """Every document ``query`` matches with its score, and whether time ran out first."""
    scores = _AllScores()
    collector = DeadlineCollector(scores, deadline)
    timed_out = False
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        timed_out = True
    return np.array(scores.docnums, dtype=np.int64), np.array(scores.scores, dtype=np.float64), timed_out


def best_first(docs: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` highest-scoring ``(docnum, score)`` pairs; ties in document order."""
    if len(docs) > limit:
        keep = np.argpartition(-scores, limit - 1)[:limit]
        threshold = scores[keep].min()
        keep = np.flatnonzero(scores >= threshold)  # every tie at the cut, so the order below is exact
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:limit]
    return [(int(d), float(s)) for d, s in zip(docs[order], scores[order], strict=True)]


def by_date(docs: np.ndarray, days: np.ndarray, newest_first: bool) -> np.ndarray:
    """``docs`` ordered by publication day (undated last), ties in document order."""
    day = days[docs]
    key = np.where(day == NO_DATE, np.iinfo(np.int64).max, -day if newest_first else day)
    return docs[np.argsort(key, kind="stable")]
