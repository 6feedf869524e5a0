"""Reindex: bring the index in line with the corpus in a new generation, then switch to it atomically.

Incremental by default: each document's stable id and content hash are looked up in the manifest
of the generation in service; only added and changed documents are cleaned (in parallel worker
processes) and written, deleted ones removed, into a copy of that generation whose immutable
Whoosh files are hard links. With no change no generation is made. ``full=True``, a changed schema
or analysis, or a first run builds from empty. A new generation must open and answer a query
before ``CURRENT`` names it; a reindex killed at any moment leaves the last good one serving.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.util import register_after_fork
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec import default_codec
from whoosh.codec.base import WrappingCodec
from whoosh.query import Every, Term

from searchsvc.analysis.analyzers import ANALYSIS_VERSION
from searchsvc.clean.article import content_hash
from searchsvc.clean.language import DEFAULT_PRIMARY
from searchsvc.ingest.files import RawDocument, Skipped, iter_corpus

from . import near_duplicates
from .generations import (
    current_generation,
    link_copy,
    next_generation,
    prune,
    remove_unfinished,
    switch,
    sync_folder,
    write_build_info,
    writer_lock,
)
from .manifest import MANIFEST_FILE, Entry, Manifest, SeenIds
from .near_duplicates import NEAR_DUPLICATES_VERSION
from .parallel_clean import Prepared, default_workers, die_with_parent, prepare_all
from .people import PEOPLE_FILE, index_people, write_people
from .posting_arrays import POSTING_ARRAYS_VERSION, write_segment_arrays
from .progress import Progress
from .quote_index import QUOTES_FOLDER, create_quote_index, open_quote_index, quote_fields
from .schema import SCHEMA_VERSION, build_schema, searched_fields, to_fields

__all__ = ["IndexBuildError", "ReindexReport", "current_generation", "reindex"]

log = logging.getLogger(__name__)
FINGERPRINT_KEY = "fingerprint"


class _WriterCodec(WrappingCodec):
    """Whoosh's default codec, writing the same files, except that a commit does not look up each
    posting's document length (one read from the new segment's length column per posting, about
    7 % of a full reindex) to keep each term's shortest and longest document: only Whoosh's own
    scorers bound scores with those, and ranking reads the lengths columns itself. Segments still
    name the default codec, so indexes open as before."""

    length_stats = False


class IndexBuildError(RuntimeError):
    """A new generation failed its check; the previous one stays in service."""


@dataclass
class ReindexReport:
    """What a reindex did: its generation, per-document outcomes, and each skipped file's reason."""

    generation: str
    full: bool = False
    switched: bool = False
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    grouped: int = 0  # documents put in another document's near-duplicate group
    documents: int = 0  # in the generation now in service
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        """Documents written by this run (added or updated)."""
        return self.added + self.updated

    def counts(self) -> str:
        return (
            f"added {self.added}, updated {self.updated}, deleted {self.deleted}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)}"
        )


def reindex(
    corpus_dir: Path,
    index_dir: Path,
    max_file_bytes: int,
    *,
    full: bool = False,
    wait: bool = False,
    workers: int = 0,
    writer_mb: int = 128,
    progress: Progress | None = None,
    primary_languages: tuple[str, ...] = DEFAULT_PRIMARY,
    before_switch: Callable[[], None] | None = None,
) -> ReindexReport:
    """Index ``corpus_dir`` into ``index_dir`` (incrementally unless ``full``) and put the result in service.

    ``workers`` cleaning processes (0: all cores); ``wait`` for another reindex instead of failing
    with ``IndexLocked``; ``writer_mb`` bounds the index writer's memory; ``primary_languages``
    are the languages detection settles among (see ``language.detect``); ``before_switch`` runs
    after the new generation is checked and the new pointer written, just before it replaces ``CURRENT``.
    """
    started = time.monotonic()
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    with writer_lock(index_dir, wait):
        for name in remove_unfinished(index_dir):
            log.info("removed unfinished generation %s (an interrupted reindex)", name)
        build = _Build(index_dir, full, writer_mb, progress or Progress(interval=float("inf")), before_switch)
        try:
            build.run(iter_corpus(corpus_dir, max_file_bytes), workers or default_workers(), primary_languages)
        except BaseException:
            build.abandon()
            raise
        finally:
            build.close()
    build.report.seconds = time.monotonic() - started
    return build.report


def fingerprint() -> str:
    """What a generation's files hold, as the versions of the code that writes them (analysis, schema,
    posting arrays, near-duplicate signatures): when any differs, an incremental update is unsafe and
    the next reindex rebuilds in full. Each version is bumped with its component's output, never for
    an edit that leaves the files the same (tests hold analysis and signatures to recorded digests)."""
    versions = {
        "analysis": ANALYSIS_VERSION,
        "schema": SCHEMA_VERSION,
        "posting_arrays": POSTING_ARRAYS_VERSION,
        "near_duplicates": NEAR_DUPLICATES_VERSION,
    }
    return " ".join(f"{name}={version}" for name, version in versions.items())


class _Build:
    """The state of one reindex run (under the writer lock)."""

    def __init__(
        self,
        index_dir: Path,
        full: bool,
        writer_mb: int,
        progress: Progress,
        before_switch: Callable[[], None] | None = None,
    ) -> None:
        self.index_dir = index_dir
        self.before_switch = before_switch
        self.writer_mb = writer_mb
        self.progress = progress
        self.base = current_generation(index_dir)
        self.old = None if full else self._base_manifest()
        self.report = ReindexReport(self.base or "", full=self.old is None)
        self.seen = SeenIds()
        self.target: Path | None = None
        self.manifest: Manifest | None = None
        self.writer: Any = None
        self.quotes: Any = None  # the writer of the generation's quotes index
        self.last_id: str | None = None
        self.workers = 1

    def _base_manifest(self) -> Manifest | None:
        path = self.index_dir / (self.base or "") / MANIFEST_FILE
        if self.base is None or not path.is_file():
            return None
        manifest = Manifest(path, readonly=True)
        if manifest.get_meta(FINGERPRINT_KEY) == fingerprint():
            return manifest
        log.info("schema or analysis changed since %s: rebuilding in full", self.base)
        manifest.close()
        return None

    def run(self, items: Iterable[RawDocument | Skipped], workers: int, primary: tuple[str, ...]) -> None:
        self.workers = workers
        self.progress.start(self.old.count() if self.old else None)
        if self.old is None:
            self._open_target()
        for prepared in prepare_all(self._to_clean(items), workers, primary):
            self._write(prepared)
        if self.old is not None:
            for doc_id in self.old.ids_not_in(self.seen):
                self._delete(doc_id)
        self.progress.update(self.report.unchanged + self.report.indexed, self.report.counts(), force=True)
        self.progress.finish()
        if self.target is None:
            self.report.documents = self.old.count() if self.old else 0
            return
        self._finish()

    def _to_clean(self, items: Iterable[RawDocument | Skipped]) -> Iterator[RawDocument]:
        """The documents that are new or changed; counts the others."""
        report = self.report
        for item in items:
            self.progress.update(report.unchanged + report.indexed, report.counts())
            if isinstance(item, Skipped):
                log.debug("skipped %s: %s", item.path, item.reason)
                report.skipped.append(item)
            elif not self.seen.add(item.doc_id):
                report.skipped.append(Skipped(item.path, f"duplicate id {item.doc_id!r} (first one kept)"))
            elif self.old is not None and self.old.hash_of(item.doc_id) == content_hash(item):
                report.unchanged += 1
            else:
                self._open_target()
                yield item

    def _write(self, prepared: Prepared) -> None:
        assert self.manifest is not None
        article, sig = prepared.article, prepared.signature
        group = article.id
        if sig is not None:
            candidates = self.manifest.candidates(list(sig.bands))
            others = ((c.group_id, c.signature) for c in candidates if c.id != article.id)
            found = near_duplicates.best_group(sig.values, others)
            if found is not None:
                group = found
                self.report.grouped += 1
        fields = {**to_fields(article), "group_id": group}
        if self.manifest.hash_of(article.id) is None:
            self.writer.add_document(**fields)
            self.report.added += 1
        else:
            self.writer.update_document(**fields)
            self.quotes.delete_by_term("article", article.id)
            self.report.updated += 1
        for quote in quote_fields(article):
            self.quotes.add_document(**quote)
        entry = Entry(article.id, article.content_hash, group, sig.values if sig else None)
        self.manifest.put(entry, sig.bands if sig else ())
        self.last_id = article.id

    def _delete(self, doc_id: str) -> None:
        self._open_target()
        assert self.manifest is not None
        self.writer.delete_by_term("id", doc_id)
        self.quotes.delete_by_term("article", doc_id)
        self.manifest.remove(doc_id)
        self.report.deleted += 1

    def _open_target(self) -> None:
        """Create the new generation on first need: empty for a full build, else a linked copy."""
        if self.target is not None:
            return
        name = next_generation(self.index_dir)
        target = self.index_dir / name
        self.target = target
        if self.old is None:
            target.mkdir()
            ix = whoosh_index.create_in(str(target), build_schema())
            quotes = create_quote_index(target)
            self.manifest = Manifest(target / MANIFEST_FILE)
            self.manifest.set_meta(FINGERPRINT_KEY, fingerprint())
        else:
            link_copy(self.index_dir / str(self.base), target, skip=(MANIFEST_FILE, PEOPLE_FILE))  # both rewritten
            shutil.copyfile(self.old.path, target / MANIFEST_FILE)
            ix = whoosh_index.open_dir(str(target))
            quotes = open_quote_index(target) or create_quote_index(target)
            self.manifest = Manifest(target / MANIFEST_FILE)
        options: dict[str, Any] = {"limitmb": self.writer_mb, "codec": _WriterCodec(default_codec())}
        self.quotes = quotes.writer(**options)  # small documents: one writer in this process
        if self.old is None and self.workers > 1:
            # A full build analyses and writes in ``workers`` processes too, one segment each
            # (Whoosh's MpWriter); they die with this process like the cleaning workers.
            parent = os.getpid()
            register_after_fork(self, lambda _build: die_with_parent(parent))
            options.update(procs=self.workers, multisegment=True)
        self.writer = ix.writer(**options)
        self.report.generation = name

    def _finish(self) -> None:
        assert self.target is not None and self.manifest is not None
        self.writer.commit()
        self.writer = None
        self.quotes.commit()
        self.quotes = None
        write_segment_arrays(self.target, searched_fields())  # numpy postings for ranking (posting_arrays.py)
        write_segment_arrays(self.target / QUOTES_FOLDER, searched_fields())
        self.manifest.commit()
        write_people(self.target, index_people(whoosh_index.open_dir(str(self.target))))  # speakers as persons
        count = self.manifest.count()
        _verify(self.target, count, self.last_id)
        sync_folder(self.target)
        write_build_info(self.target, _build_info(self.report, count))
        switch(self.index_dir, self.target.name, self.before_switch)
        prune(self.index_dir)
        self.report.documents = count
        self.report.switched = True

    def abandon(self) -> None:
        """Drop the unfinished generation (a kill skips this; the next run removes it instead)."""
        if self.quotes is not None:
            self.quotes.cancel()
            self.quotes = None
        if self.writer is not None:
            self.writer.cancel()
            for task in getattr(self.writer, "tasks", ()):  # MpWriter's cancel does not reach its processes
                task.terminate()
                task.join()
            self.writer = None
        if self.target is not None and not self.report.switched:
            shutil.rmtree(self.target, ignore_errors=True)

    def close(self) -> None:
        for manifest in (self.manifest, self.old):
            if manifest is not None:
                manifest.close()
        self.seen.close()


def _verify(target: Path, expected: int, probe_id: str | None) -> None:
    """Open the new generation and run queries before it may serve."""
    ix = whoosh_index.open_dir(str(target))
    with ix.searcher() as searcher:
        found = searcher.search(Every(), limit=1).scored_length() if expected else 0
        probe = searcher.search(Term("id", probe_id), limit=1).scored_length() if probe_id else 1
        if searcher.doc_count() != expected or (expected and found != 1) or probe != 1:
            raise IndexBuildError(f"new generation {target.name} holds {searcher.doc_count()} of {expected} documents")


def _build_info(report: ReindexReport, documents: int) -> dict[str, Any]:
    return {
        "generation": report.generation,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": documents,
        "full": report.full,
        "added": report.added,
        "updated": report.updated,
        "deleted": report.deleted,
        "unchanged": report.unchanged,
        "skipped": len(report.skipped),
    }
