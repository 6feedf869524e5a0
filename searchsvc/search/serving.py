"""The index in service, opened: the current generation (``IndexHandle``), an open searcher of it
with its metadata columns (``Snapshot``), and one snapshot per thread (``LiveIndex``).

Opening a searcher and reading the columns costs far more than a search, so a process keeps
one ``Snapshot`` per thread and replaces it only when the index in service changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.index import Index

from searchsvc.indexing.generations import build_info, current_generation
from searchsvc.indexing.index_stats import IndexStats, index_stats
from searchsvc.indexing.people import People, read_people
from searchsvc.indexing.quote_index import open_quote_index
from searchsvc.indexing.schema import Boosts, search_fields
from searchsvc.ranking.bm25f import RankingCache

from .doc_values import Columns
from .snippets import WordAnalyses


class IndexNotFound(RuntimeError):
    """No usable index generation exists yet: run ``searchsvc reindex`` first."""


class IndexHandle:
    """The index in service for one process; reopens when ``CURRENT`` names a new generation."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self.generation: str | None = None
        self._index: whoosh_index.Index | None = None

    def get(self) -> whoosh_index.Index:
        """The open index of the current generation."""
        generation = current_generation(self.index_dir)
        if generation is None:
            raise IndexNotFound(f"no index in {self.index_dir}: run 'searchsvc reindex' first")
        if generation != self.generation or self._index is None:
            self._index = whoosh_index.open_dir(str(self.index_dir / generation))
            self.generation = generation
        return self._index


class Snapshot:
    """A searcher over one state of an index, its ``Columns`` and its ranking statistics (read on first
    use), and the snippets' cache of analysed words."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.searcher = index.searcher()
        self._columns: Columns | None = None
        self._stats: IndexStats | None = None
        self.ranking_cache = RankingCache()  # ranking's length norms and meaning vectors for this searcher
        self.word_analyses = WordAnalyses()  # snippets' analysis of text words, reused across requests
        self.volumes: dict[tuple, tuple[int, np.ndarray]] = {}  # timelines' articles per period (``timeline``)
        self._quotes: Snapshot | bool | None = False  # False: not opened yet
        self.speaker_tables: dict[tuple, list] = {}  # every person's counts, per language filter (``speakers``)

    @property
    def columns(self) -> Columns:
        if self._columns is None:
            self._columns = Columns.build(self.searcher.reader(), self._people())
        return self._columns

    @property
    def quotes(self) -> Snapshot | None:
        """A snapshot of the generation's quotes index (``indexing.quote_index``), None when it has none."""
        if self._quotes is False:
            folder = getattr(self.index.storage, "folder", None)
            index = open_quote_index(Path(folder)) if folder else None
            self._quotes = Snapshot(index) if index is not None else None
        return self._quotes or None

    def _people(self) -> People | None:
        """The generation's speakers as persons (its quotes index reads its generation's, one folder up)."""
        folder = getattr(self.index.storage, "folder", None)
        if folder is None:
            return None
        return read_people(Path(folder)) or read_people(Path(folder).parent)

    @property
    def ranking_stats(self) -> IndexStats:
        if self._stats is None:
            self._stats = index_stats(self.searcher, search_fields(Boosts(), self.searcher.schema))
        return self._stats

    def close(self) -> None:
        if isinstance(self._quotes, Snapshot):
            self._quotes.close()
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

    def info(self) -> dict[str, Any]:
        """Generation name, build time and document count of the index in service (the open searcher's
        count: no segment is opened per call)."""
        documents = self.snapshot().searcher.doc_count()
        generation = self.handle.generation or ""
        built_at = build_info(self.handle.index_dir, generation).get("built_at")
        return {"documents": documents, "generation": generation, "built_at": built_at}
