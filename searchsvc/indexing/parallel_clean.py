"""Clean raw documents in parallel worker processes, in order, with a bounded number in flight.

Workers clean an article and compute its MinHash signature; the parent keeps the index writer
and the manifest. Small jobs are cleaned in-process (starting workers would cost more).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

from searchsvc.clean.article import Article, clean
from searchsvc.clean.language import DEFAULT_PRIMARY
from searchsvc.ingest.files import RawDocument

from .near_duplicates import Signature, signature

BATCH_SIZE = 128
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Prepared:
    """A cleaned article and its near-duplicate signature (None for short texts)."""

    article: Article
    signature: Signature | None


def prepare(raw: RawDocument, primary_languages: tuple[str, ...] = DEFAULT_PRIMARY) -> Prepared:
    """Clean one document and sign its body."""
    article = clean(raw, primary_languages)
    return Prepared(article, signature(article.body))


def prepare_batch(batch: list[RawDocument], primary_languages: tuple[str, ...]) -> list[Prepared]:
    return [prepare(raw, primary_languages) for raw in batch]


def default_workers() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def prepare_all(
    raws: Iterable[RawDocument],
    workers: int,
    primary_languages: tuple[str, ...] = DEFAULT_PRIMARY,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Prepared]:
    """Prepare every document, in input order; ``raws`` is read lazily, a few batches ahead."""
    source = iter(raws)
    first = list(islice(source, batch_size))
    if workers <= 1 or len(first) < batch_size:
        for raw in chain(first, source):
            yield prepare(raw, primary_languages)
        return
    # fork: workers start at once with everything imported, whatever the main module is. All are
    # forked in Pool() before it starts its threads (no replacement workers), so forking is safe.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        pending = deque([pool.apply_async(prepare_batch, (first, primary_languages))])
        while batch := list(islice(source, batch_size)):
            pending.append(pool.apply_async(prepare_batch, (batch, primary_languages)))
            while len(pending) > 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies: a killed reindex leaves no orphan
    holding the writer lock (inherited by fork) or memory."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers still exit when the pool's pipes close
        pass
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)
