"""An open searcher of one index state with its metadata columns, kept across requests.

Opening a searcher and reading the columns costs far more than a search, so a process keeps
one ``Snapshot`` per thread and replaces it only when the index in service changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from whoosh.index import Index

from searchsvc.indexing.build import IndexHandle
from searchsvc.indexing.index_stats import Collection, collection
from searchsvc.indexing.schema import Boosts, search_fields

from .doc_values import Columns
from .snippets import WordAnalyses


class Snapshot:
    """A searcher over one state of an index, its ``Columns`` and its ranking statistics (read on first
    use), and the snippets' cache of analysed words."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.searcher = index.searcher()
        self._columns: Columns | None = None
        self._stats: Collection | None = None
        self.word_analyses = WordAnalyses()  # snippets' analysis of text words, reused across requests
        self.volumes: dict[tuple, tuple[int, np.ndarray]] = {}  # timelines' articles per period (``timeline``)

    @property
    def columns(self) -> Columns:
        if self._columns is None:
            self._columns = Columns.build(self.searcher.reader())
        return self._columns

    @property
    def ranking_stats(self) -> Collection:
        if self._stats is None:
            self._stats = collection(self.searcher, search_fields(Boosts()))
        return self._stats

    def close(self) -> None:
        self.searcher.close()


@contextmanager
def opened(target: Index | Snapshot) -> Iterator[Snapshot]:
    """``target`` itself when it is a snapshot, else a snapshot of the index closed after the block."""
    if isinstance(target, Snapshot):
        yield target
        return
    snap = Snapshot(target)
    try:
        yield snap
    finally:
        snap.close()


class LiveIndex:
    """The snapshot of the generation in service; checks ``CURRENT`` on every call (a small file read)."""

    def __init__(self, handle: IndexHandle) -> None:
        self.handle = handle
        self._local = threading.local()  # Whoosh searchers are not shared between threads

    def snapshot(self) -> Snapshot:
        """The current snapshot, reopened after a switch of generation or a change of the index."""
        index = self.handle.get()
        current: Snapshot | None = getattr(self._local, "snapshot", None)
        if current is None or current.index is not index or not current.searcher.up_to_date():
            if current is not None:
                current.close()  # only this thread used it, and it is done with it
            current = Snapshot(index)
            self._local.snapshot = current
        return current
