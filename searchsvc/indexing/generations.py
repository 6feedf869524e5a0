"""Generation folders on disk: the ``CURRENT`` pointer, the writer lock, copy, switch and clean-up.

``index/`` holds ``gen-NNNNNN`` folders and a ``CURRENT`` file naming the one in service. A
generation is complete once it holds ``BUILD.json`` (written after its check); a folder without
one is a build that was interrupted, never served, and removed by the next writer.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

POINTER = "CURRENT"
GENERATION_PREFIX = "gen-"
BUILD_INFO = "BUILD.json"
LOCK_FILE = "reindex.lock"
KEEP_GENERATIONS = 2  # the current one and its predecessor, which readers may still hold
# Files of a generation that a copy must not share with it: Whoosh's lock and our own mutable files.
UNSHARED = ("MAIN_WRITELOCK", BUILD_INFO)
# Test hook: seconds to sleep just before the pointer is replaced (lets the crash test kill there).


class IndexLocked(RuntimeError):
    """Another reindex holds the writer lock of this index folder."""


def current_generation(index_dir: Path) -> str | None:
    """The name of the generation in service, or None when there is none."""
    try:
        name = (index_dir / POINTER).read_text().strip()
    except FileNotFoundError:
        return None
    return name if name and (index_dir / name).is_dir() else None


def build_info(index_dir: Path, generation: str) -> dict[str, Any]:
    """What ``BUILD.json`` of a generation says; empty when it has none (an unfinished build)."""
    try:
        return json.loads((index_dir / generation / BUILD_INFO).read_text())
    except (OSError, ValueError):
        return {}


def generations(index_dir: Path) -> list[Path]:
    """Every generation folder, oldest first."""
    return sorted(
        p for p in index_dir.glob(GENERATION_PREFIX + "*") if p.is_dir() and p.name[len(GENERATION_PREFIX) :].isdigit()
    )


def next_generation(index_dir: Path) -> str:
    """A fresh generation name, one above the highest on disk."""
    numbers = [int(p.name[len(GENERATION_PREFIX) :]) for p in generations(index_dir)]
    return f"{GENERATION_PREFIX}{max(numbers, default=0) + 1:06d}"


@contextmanager
def writer_lock(index_dir: Path, wait: bool = False) -> Iterator[None]:
    """Hold the one-writer lock of ``index_dir``; fail at once naming the holder unless ``wait``."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise IndexLocked(
                f"another reindex (pid {holder}) is writing {index_dir}; wait for it or use --wait"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock; the kernel also releases it if we are killed


def remove_unfinished(index_dir: Path) -> list[str]:
    """Delete generation folders without ``BUILD.json`` that are not in service (interrupted builds)."""
    current = current_generation(index_dir)
    removed = []
    for folder in generations(index_dir):
        if folder.name != current and not (folder / BUILD_INFO).is_file():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def link_copy(source: Path, target: Path, skip: tuple[str, ...] = ()) -> None:
    """Make ``target`` a copy of ``source`` whose immutable files are hard links (no data copied),
    its folders (the quotes index) copied the same way."""
    target.mkdir()
    for item in source.iterdir():
        if item.name in UNSHARED or item.name in skip:
            continue
        if item.is_dir():
            link_copy(item, target / item.name)
        elif item.is_file():
            os.link(item, target / item.name)


def sync_folder(folder: Path) -> None:
    """Flush every file of ``folder``, of its folders, and the folders themselves to disk."""
    for item in folder.iterdir():
        if item.is_dir():
            sync_folder(item)
        elif item.is_file():
            fd = os.open(item, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _sync_directory(folder)


def write_build_info(folder: Path, info: dict[str, Any]) -> None:
    """Mark a checked generation complete (the last file written before the switch)."""
    _write_synced(folder / BUILD_INFO, json.dumps(info, ensure_ascii=False))
    _sync_directory(folder)


def switch(index_dir: Path, generation: str, before_rename: Callable[[], None] | None = None) -> None:
    """Point ``CURRENT`` at ``generation``: write a temporary file, fsync, rename over, fsync the folder.
    ``before_rename`` runs between the two (a crash test kills the process there)."""
    temporary = index_dir / f".{POINTER}.{os.getpid()}"
    _write_synced(temporary, generation + "\n")
    if before_rename is not None:
        before_rename()
    os.replace(temporary, index_dir / POINTER)
    _sync_directory(index_dir)


def prune(index_dir: Path) -> None:
    """Keep the generation in service and the newest complete one before it; remove the rest."""
    current = current_generation(index_dir)
    if current is None:
        return
    older = [p for p in generations(index_dir) if p.name < current and (p / BUILD_INFO).is_file()]
    keep = {current, *(p.name for p in older[len(older) - (KEEP_GENERATIONS - 1) :])}
    for folder in generations(index_dir):
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
    for stray in index_dir.glob(f".{POINTER}.*"):
        stray.unlink(missing_ok=True)


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_directory(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
