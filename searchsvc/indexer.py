"""Build the Whoosh index in generations and switch to a new one atomically.

``index/`` holds generation folders (``gen-000042``) and a ``CURRENT`` file naming the one in
service. A rebuild writes a new generation, checks it opens and answers a query, then replaces
``CURRENT`` with an atomic rename: a reindex that fails or is killed leaves the last good
generation serving.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.query import Every

from .clean import Article, clean
from .ingest import RawDocument, Skipped, iter_corpus
from .schema import build_schema, to_fields

log = logging.getLogger(__name__)

POINTER = "CURRENT"
GENERATION_PREFIX = "gen-"
BUILD_INFO = "BUILD.json"
KEEP_GENERATIONS = 2  # the current one and its predecessor, which readers may still hold


class IndexNotFound(RuntimeError):
    """No usable index generation exists yet: run ``searchsvc reindex`` first."""


class IndexBuildError(RuntimeError):
    """A new generation failed its check; the previous one stays in service."""


@dataclass
class ReindexReport:
    """What a reindex did: the generation it made, documents indexed, files skipped and why."""

    generation: str
    indexed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0


def reindex(corpus_dir: Path, index_dir: Path, max_file_bytes: int) -> ReindexReport:
    """Clean every file of ``corpus_dir`` into a new generation and put it in service."""
    started = time.monotonic()
    index_dir.mkdir(parents=True, exist_ok=True)
    generation = _next_generation(index_dir)
    target = index_dir / generation
    report = ReindexReport(generation)
    try:
        target.mkdir()
        ix = whoosh_index.create_in(str(target), build_schema())
        with ix.writer() as writer:
            for article in _articles(iter_corpus(corpus_dir, max_file_bytes), report):
                writer.add_document(**to_fields(article))
                report.indexed += 1
        _verify(target, report.indexed)
        (target / BUILD_INFO).write_text(json.dumps(_build_info(report)))
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    _switch(index_dir, generation)
    _prune(index_dir, generation)
    report.seconds = time.monotonic() - started
    return report


def _articles(items: Iterable[RawDocument | Skipped], report: ReindexReport) -> Iterable[Article]:
    for item in items:
        if isinstance(item, Skipped):
            log.warning("skipped %s: %s", item.path, item.reason)
            report.skipped.append(item)
            continue
        yield clean(item)


def current_generation(index_dir: Path) -> str | None:
    """The name of the generation in service, or None when there is none."""
    try:
        name = (index_dir / POINTER).read_text().strip()
    except FileNotFoundError:
        return None
    return name if (index_dir / name).is_dir() else None


def build_info(index_dir: Path, generation: str) -> dict[str, Any]:
    """When a generation was built and how many documents it holds."""
    try:
        return json.loads((index_dir / generation / BUILD_INFO).read_text())
    except (OSError, ValueError):
        return {}


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

    def info(self) -> dict[str, Any]:
        """Generation name, build time and document count of the index in service."""
        ix = self.get()
        built = build_info(self.index_dir, self.generation or "")
        return {"generation": self.generation, "built_at": built.get("built_at"), "documents": ix.doc_count()}


def _next_generation(index_dir: Path) -> str:
    numbers = [int(p.name[len(GENERATION_PREFIX) :]) for p in _generations(index_dir)]
    return f"{GENERATION_PREFIX}{max(numbers, default=0) + 1:06d}"


def _generations(index_dir: Path) -> list[Path]:
    return sorted(
        p for p in index_dir.glob(GENERATION_PREFIX + "*") if p.is_dir() and p.name[len(GENERATION_PREFIX) :].isdigit()
    )


def _verify(target: Path, expected: int) -> None:
    """Open the new generation and run a query before it may serve."""
    ix = whoosh_index.open_dir(str(target))
    with ix.searcher() as searcher:
        found = searcher.search(Every(), limit=1).scored_length() if expected else 0
        if searcher.doc_count() != expected or (expected and found != 1):
            raise IndexBuildError(f"new generation {target.name} holds {searcher.doc_count()} of {expected} documents")


def _build_info(report: ReindexReport) -> dict[str, Any]:
    return {
        "generation": report.generation,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": report.indexed,
        "skipped": len(report.skipped),
    }


def _switch(index_dir: Path, generation: str) -> None:
    """Point ``CURRENT`` at ``generation``: write a temporary file, fsync, rename over."""
    temporary = index_dir / f".{POINTER}.{os.getpid()}"
    with open(temporary, "w") as handle:
        handle.write(generation + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, index_dir / POINTER)
    directory = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _prune(index_dir: Path, current: str) -> None:
    """Remove generations older than the newest few; never the one in service."""
    older = [p for p in _generations(index_dir) if p.name != current]
    for stale in older[: max(0, len(older) - (KEEP_GENERATIONS - 1))]:
        shutil.rmtree(stale, ignore_errors=True)
