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
from itertools import islice

from .clean import Article, clean
from .dedupe import Signature, signature
from .ingest import RawDocument

BATCH_SIZE = 128
BATCHES_PER_WORKER = 200  # then the worker is replaced, so a slow leak cannot grow without bound
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Prepared:
    """A cleaned article and its near-duplicate signature (None for short texts)."""

    article: Article
    signature: Signature | None


def prepare(raw: RawDocument) -> Prepared:
    """Clean one document and sign its body."""
    article = clean(raw)
    return Prepared(article, signature(article.body))


def prepare_batch(batch: list[RawDocument]) -> list[Prepared]:
    return [prepare(raw) for raw in batch]


def default_workers() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def prepare_all(raws: Iterable[RawDocument], workers: int, batch_size: int = BATCH_SIZE) -> Iterator[Prepared]:
    """Prepare every document, in input order; ``raws`` is read lazily, a few batches ahead."""
    source = iter(raws)
    first = list(islice(source, batch_size))
    if workers <= 1 or len(first) < batch_size:
        yield from map(prepare, first)
        yield from map(prepare, source)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with context.Pool(workers, initializer=_die_with_parent, maxtasksperchild=BATCHES_PER_WORKER) as pool:
        pending = deque([pool.apply_async(prepare_batch, (first,))])
        while batch := list(islice(source, batch_size)):
            pending.append(pool.apply_async(prepare_batch, (batch,)))
            while len(pending) > 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies (a killed reindex leaves no orphans)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers still exit when the pool's pipes close
        pass
