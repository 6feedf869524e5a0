"""Posting lists of the searched fields as flat numpy arrays beside each Whoosh segment.

Whoosh stores postings as pickled, zlib-compressed blocks; decoding them costs far more than
scoring them. When a reindex commits, ``write_segment_arrays`` copies every searched term's
document numbers and term frequencies of each new segment into four ``.npy`` files next to the
segment's own files (``MAIN_<segment>.rk_*.npy``, so Whoosh removes them with their segment).
``SegmentArrays`` memory-maps them for ranking; a segment without them is read through Whoosh.
Whoosh stays the index of record: the arrays are derived from it and never written elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

SUFFIXES = ("rk_keys", "rk_ids", "rk_tfs", "rk_starts")  # written in this order; "starts" last marks completion
MAX_KEY_BYTES = 64  # longer terms (rare: URLs, long numbers) are left out and read through Whoosh
_SEPARATOR = b"\x1f"


def key(fieldname: str, term: str | bytes) -> bytes:
    """The array key of a term: field name, a unit separator, the term's UTF-8 bytes."""
    return fieldname.encode() + _SEPARATOR + (term if isinstance(term, bytes) else term.encode("utf-8"))


class SegmentArrays:
    """The memory-mapped arrays of one segment: sorted keys, and per key a slice of ids and tfs."""

    def __init__(self, folder: Path, segment_id: str) -> None:
        paths = [folder / f"{segment_id}.{suffix}.npy" for suffix in SUFFIXES]
        # plain ndarray views of the maps: slicing a np.memmap costs a subclass object per slice
        self.keys, self.ids, self.tfs, self.starts = (np.asarray(np.load(path, mmap_mode="r")) for path in paths)

    @classmethod
    def open(cls, reader: SegmentReader) -> SegmentArrays | None:
        """The arrays of ``reader``'s segment, or None when it has none (built before them, or in memory)."""
        folder = _folder(reader.storage())
        if folder is None:
            return None
        segment_id = reader.segment().segment_id()
        if not (Path(folder) / f"{segment_id}.{SUFFIXES[-1]}.npy").exists():
            return None
        return cls(Path(folder), segment_id)

    def spans(self, keys: np.ndarray) -> np.ndarray:
        """Where each of ``keys`` (an array of ``key()`` values) has its postings: one row
        ``(start, end)`` per key, ``(0, 0)`` when absent. One binary search for a whole query."""
        out = np.zeros((len(keys), 2), dtype=np.int64)
        if not len(self.keys) or not len(keys):
            return out
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found = np.asarray(self.keys[at]) == keys
        out[found, 0] = self.starts[at[found]]
        out[found, 1] = self.starts[at[found] + 1]
        return out

    def postings(self, span: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """Segment-local document numbers (a fresh array) and term frequencies (a read-only view) of a span."""
        start, end = span
        return self.ids[start:end].astype(np.int64), self.tfs[start:end]


def _folder(storage: object) -> str | None:
    """The folder of a file storage, or of the file storage under a compound segment's overlay."""
    for candidate in (storage, getattr(storage, "b", None)):
        folder = getattr(candidate, "folder", None)
        if folder:
            return folder
    return None


def write_segment_arrays(index_dir: Path, fieldnames: Iterable[str]) -> list[str]:
    """Write the arrays of every segment of the index in ``index_dir`` that lacks them; their ids.
    One segment at a time, in this process: building a segment's arrays holds all its postings in
    memory, and two at once took a 110k-article reindex over 1 GiB."""
    ix = whoosh_index.open_dir(str(index_dir))
    written = []
    with ix.reader() as top:
        for reader, _ in top.leaf_readers():
            segment_id = reader.segment().segment_id()
            if not (index_dir / f"{segment_id}.{SUFFIXES[-1]}.npy").exists():
                _write(index_dir, segment_id, reader, sorted(fieldnames))
                written.append(segment_id)
    return written


def _write(folder: Path, segment_id: str, reader: SegmentReader, fieldnames: list[str]) -> None:
    from .postings import read_postings  # the Whoosh block decoder, shared with ranking's fallback

    keys, ids, tfs, counts = [], [], [], []
    for fieldname in fieldnames:
        if fieldname not in reader.schema:
            continue
        for term in reader.lexicon(fieldname):
            name = key(fieldname, term)
            if len(name) > MAX_KEY_BYTES:
                continue
            doc_ids, weights = read_postings(reader.postings(fieldname, term))
            keys.append(name)
            ids.append(doc_ids.astype(np.uint32))
            tfs.append(weights.astype(np.float32))
            counts.append(len(doc_ids))
    arrays = {
        "rk_keys": np.array(keys, dtype=f"S{MAX_KEY_BYTES}") if keys else np.empty(0, dtype="S1"),
        "rk_ids": np.concatenate(ids) if ids else np.empty(0, dtype=np.uint32),
        "rk_tfs": np.concatenate(tfs) if tfs else np.empty(0, dtype=np.float32),
        "rk_starts": np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]),
    }
    for suffix in SUFFIXES:
        final = folder / f"{segment_id}.{suffix}.npy"
        temporary = folder / f".{segment_id}.{suffix}.{os.getpid()}.npy"
        np.save(temporary, arrays[suffix])
        os.replace(temporary, final)
