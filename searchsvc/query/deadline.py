"""A search's time limit, and Whoosh's matches collected under it.

A search that runs out of time stops where it is and returns what it found, flagged.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from whoosh.query import Query
from whoosh.searching import Searcher

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
    """All document numbers ``query`` matches (unscored), and whether time ran out first.

    The clock is read before the first document and after every ``CHECK_EVERY`` found, so a query
    that scans much and finds little runs on inside Whoosh (``matching`` checks phrases itself)."""
    timed_out = False

    def docs() -> Iterator[int]:
        nonlocal timed_out
        if deadline.passed():
            timed_out = True
            return
        for count, docnum in enumerate(searcher.docs_for_query(query), start=1):
            if count % CHECK_EVERY == 0 and deadline.passed():
                timed_out = True
                return
            yield docnum

    return np.fromiter(docs(), dtype=np.int64), timed_out
