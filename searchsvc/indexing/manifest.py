"""The manifest of a generation: each document's content hash, duplicate group and MinHash bands.

A SQLite file beside the Whoosh files, so an incremental reindex decides added / updated /
unchanged / deleted by stable id and hash without holding the corpus in memory, and finds
near-duplicate candidates by shared LSH band keys.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MANIFEST_FILE = "manifest.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    id TEXT PRIMARY KEY, hash TEXT NOT NULL, group_id TEXT NOT NULL, signature BLOB
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bands_by_id ON bands (id);
"""


@dataclass(frozen=True)
class Entry:
    """One indexed document as the manifest knows it."""

    id: str
    hash: str
    group_id: str
    signature: bytes | None


class Manifest:
    """A generation's manifest file; writes are one transaction, committed by ``commit``."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        else:
            self._db = sqlite3.connect(path)
            self._db.executescript(_SCHEMA)
            self._db.execute("PRAGMA synchronous = OFF")  # the generation is fsynced before it serves

    def close(self) -> None:
        self._db.close()

    def commit(self) -> None:
        self._db.commit()

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def hash_of(self, doc_id: str) -> str | None:
        """The content hash indexed for ``doc_id``, or None when it is not indexed."""
        row = self._db.execute("SELECT hash FROM docs WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def put(self, entry: Entry, bands: Iterable[int]) -> None:
        """Record (or replace) a document and its band keys."""
        self.remove(entry.id)
        row = (entry.id, entry.hash, entry.group_id, entry.signature)
        self._db.execute("INSERT INTO docs VALUES (?, ?, ?, ?)", row)
        self._db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", ((key, entry.id) for key in bands))

    def remove(self, doc_id: str) -> None:
        self._db.execute("DELETE FROM docs WHERE id = ?", (doc_id,))
        self._db.execute("DELETE FROM bands WHERE id = ?", (doc_id,))

    def candidates(self, bands: list[int]) -> list[Entry]:
        """Documents sharing at least one band key with ``bands``."""
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self._db.execute(
            f"SELECT id, hash, group_id, signature FROM docs WHERE id IN "
            f"(SELECT DISTINCT id FROM bands WHERE key IN ({marks})) ORDER BY id",
            bands,
        )
        return [Entry(*row) for row in rows]

    def ids_not_in(self, seen: SeenIds) -> Iterator[str]:
        """Indexed ids that this run did not see (deleted from the corpus)."""
        # Both files are SQLite: let SQLite join them instead of loading either into Python.
        seen.attach(self.path)
        try:
            rows = seen.db.execute("SELECT id FROM manifest.docs WHERE id NOT IN (SELECT id FROM seen)").fetchall()
        finally:
            seen.detach()
        return (row[0] for row in rows)


class SeenIds:
    """The ids one reindex run has read, in a private temporary SQLite file (bounded memory)."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("")
        self.db.execute("CREATE TABLE seen (id TEXT PRIMARY KEY) WITHOUT ROWID")

    def add(self, doc_id: str) -> bool:
        """Record ``doc_id``; False when this run has already seen it."""
        try:
            self.db.execute("INSERT INTO seen VALUES (?)", (doc_id,))
        except sqlite3.IntegrityError:
            return False
        return True

    def attach(self, path: Path) -> None:
        self.db.commit()
        self.db.execute("ATTACH DATABASE ? AS manifest", (str(path),))

    def detach(self) -> None:
        self.db.execute("DETACH DATABASE manifest")

    def close(self) -> None:
        self.db.close()
