"""Posting lists of the searched fields as flat numpy arrays beside each Whoosh segment.

Whoosh stores postings as pickled, zlib-compressed blocks; decoding them costs far more than
scoring them. When a reindex commits, ``write_segment_arrays`` copies every searched term's
document numbers and term frequencies of each new segment into four ``.npy`` files next to the
segment's own files (``MAIN_<segment>.rk_*.npy``, so Whoosh removes them with their segment).
``SegmentArrays`` memory-maps them for ranking; a segment without them is read through Whoosh.
Whoosh stays the index of record: the arrays are derived from it and never written elsewhere.

Beside them, a forward index of the title and body fields (``Forward``): per document its terms,
as ``language + separator + term`` keys, and their frequencies. Pseudo-relevance feedback reads a
top document's terms there instead of re-analysing its stored text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

# the Whoosh block decoder, shared with index_stats' fallback for segments without arrays
from .postings import read_postings
from .schema import field_group, field_language

# Written in this order; "rk_starts" last marks completion. The "fw_" files (the forward index, each
# document's terms, for pseudo-relevance feedback) are absent from segments written before them.
# Bump when what the array files hold or how they are laid out changes: indexes then rebuild in full.
POSTING_ARRAYS_VERSION = 1
SUFFIXES = ("rk_keys", "rk_ids", "rk_tfs", "fw_terms", "fw_tids", "fw_tfs", "fw_df", "fw_starts", "rk_starts")
FORWARD_SUFFIXES = ("fw_terms", "fw_tids", "fw_tfs", "fw_df", "fw_starts")
MAX_KEY_BYTES = 64  # longer terms (rare: URLs, long numbers) are left out and read through Whoosh
_SEPARATOR = b"\x1f"


def key(fieldname: str, term: str | bytes) -> bytes:
    """The array key of a term: field name, a unit separator, the term's UTF-8 bytes (a forward
    key is the same with the language in place of the field name)."""
    return fieldname.encode() + _SEPARATOR + (term if isinstance(term, bytes) else term.encode("utf-8"))


def split_key(name: bytes) -> tuple[str, str]:
    """``key``'s field name (or language) and term."""
    head, _, term = name.partition(_SEPARATOR)
    return head.decode(), term.decode("utf-8")


def sort_order(keys: np.ndarray) -> np.ndarray:
    """The stable sorting order of non-negative int64 ``keys``: one ``np.sort`` of each key packed
    with its position (numpy sorts plain integers several times faster than it argsorts), or
    ``np.argsort`` when the two do not fit in 63 bits."""
    bits = max(1, (len(keys) - 1).bit_length())
    if len(keys) and int(keys.max()).bit_length() + bits <= 63:
        return np.sort((keys << bits) | np.arange(len(keys), dtype=np.int64)) & ((1 << bits) - 1)
    return np.argsort(keys, kind="stable")


class SegmentArrays:
    """The memory-mapped arrays of one segment: sorted keys, and per key a slice of ids and tfs."""

    def __init__(self, folder: Path, segment_id: str) -> None:
        # plain ndarray views of the maps: slicing a np.memmap costs a subclass object per slice
        self.keys, self.ids, self.tfs, self.starts = (
            _load(folder, segment_id, suffix) for suffix in ("rk_keys", "rk_ids", "rk_tfs", "rk_starts")
        )
        self.forward = None  # segments written before the forward index have none
        if _path(folder, segment_id, FORWARD_SUFFIXES[-1]).exists():
            self.forward = Forward(*(_load(folder, segment_id, suffix) for suffix in FORWARD_SUFFIXES))

    @classmethod
    def open(cls, reader: SegmentReader) -> SegmentArrays | None:
        """The arrays of ``reader``'s segment, or None when it has none (built before them, or in memory)."""
        folder = _folder(reader.storage())
        if folder is None:
            return None
        segment_id = reader.segment().segment_id()
        if not _complete(Path(folder), segment_id):
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


@dataclass
class Forward:
    """Each document's title and body terms: ``terms`` (sorted ``language + separator + term``
    keys), and per document (segment-local number ``d``) the rows ``starts[d]:starts[d + 1]`` of
    ``tids`` (indexes into ``terms``) and ``tfs`` (frequencies; a term of both title and body has
    two rows); and per term ``df``, how many documents have it in title or body (deleted ones
    included, as in the postings)."""

    terms: np.ndarray
    tids: np.ndarray
    tfs: np.ndarray
    df: np.ndarray
    starts: np.ndarray

    def document_frequency(self, keys: np.ndarray) -> np.ndarray:
        """The ``df`` of each of ``keys`` (forward keys), 0 for a key this segment lacks."""
        out = np.zeros(len(keys), dtype=np.int64)
        if not len(self.terms) or not len(keys):
            return out
        at = np.minimum(np.searchsorted(self.terms, keys), len(self.terms) - 1)
        found = self.terms[at] == keys
        out[found] = self.df[at[found]]
        return out

    def term_counts(self, docnum: int) -> tuple[np.ndarray, np.ndarray]:
        """The distinct term keys of one document and how often each occurs in its title and body."""
        start, end = int(self.starts[docnum]), int(self.starts[docnum + 1])
        tids, inverse = np.unique(self.tids[start:end], return_inverse=True)
        return self.terms[tids], np.bincount(inverse, weights=self.tfs[start:end], minlength=len(tids))


def _load(folder: Path, segment_id: str, suffix: str) -> np.ndarray:
    return np.asarray(np.load(_path(folder, segment_id, suffix), mmap_mode="r"))


def _path(folder: Path, segment_id: str, suffix: str) -> Path:
    return folder / f"{segment_id}.{suffix}.npy"


def _complete(folder: Path, segment_id: str) -> bool:
    """Whether the segment's arrays are all written (the last one written exists)."""
    return _path(folder, segment_id, SUFFIXES[-1]).exists()


def _forward_key(fieldname: str, term: bytes) -> bytes | None:
    """The forward key of a term of ``title_en`` or ``body_en`` (``key("en", term)``); None for other fields."""
    return key(field_language(fieldname), term) if field_group(fieldname) in ("title", "body") else None


def _forward(
    forward_keys: list[bytes | None], ids: list[np.ndarray], tfs: list[np.ndarray], doc_count: int
) -> dict[str, np.ndarray]:
    """The forward index (``Forward``) of one segment, transposed from its title and body postings."""
    terms = sorted({name for name in forward_keys if name is not None})
    tid_of = {name: i for i, name in enumerate(terms)}
    chosen = [i for i, name in enumerate(forward_keys) if name is not None]
    if not chosen:
        docs = tids = np.empty(0, dtype=np.int64)
        weights = np.empty(0, dtype=np.float32)
    else:
        docs = np.concatenate([ids[i] for i in chosen]).astype(np.int64)
        tids = np.repeat([tid_of[forward_keys[i]] for i in chosen], [len(ids[i]) for i in chosen])
        weights = np.concatenate([tfs[i] for i in chosen])
    order = sort_order(docs)  # by document, each document's rows in field and term order
    distinct = np.unique((docs << 32) | tids) & 0xFFFFFFFF  # (document, term) pairs, title and body as one
    return {
        "fw_terms": np.array(terms, dtype=f"S{MAX_KEY_BYTES}") if terms else np.empty(0, dtype="S1"),
        "fw_tids": tids[order].astype(np.uint32),
        "fw_tfs": weights[order].astype(np.float32),
        "fw_df": np.bincount(distinct, minlength=len(terms)).astype(np.uint32),
        "fw_starts": np.searchsorted(docs[order], np.arange(doc_count + 1)).astype(np.int64),
    }


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
            if reader.segment() is None:
                continue  # an empty index (a generation whose articles quote no one has no quotes)
            segment_id = reader.segment().segment_id()
            if not _complete(index_dir, segment_id):
                _write(index_dir, segment_id, reader, sorted(fieldnames))
                written.append(segment_id)
    return written


def _write(folder: Path, segment_id: str, reader: SegmentReader, fieldnames: list[str]) -> None:
    keys, ids, tfs, counts = [], [], [], []
    forward_keys: list[bytes | None] = []  # per key, its forward key (title and body fields only)
    for fieldname in fieldnames:
        if fieldname not in reader.schema:
            continue
        for term in reader.lexicon(fieldname):
            name = key(fieldname, term)
            if len(name) > MAX_KEY_BYTES:
                continue
            doc_ids, weights = read_postings(reader.postings(fieldname, term))
            keys.append(name)
            forward_keys.append(_forward_key(fieldname, term))
            ids.append(doc_ids.astype(np.uint32))
            tfs.append(weights.astype(np.float32))
            counts.append(len(doc_ids))
    arrays = {
        "rk_keys": np.array(keys, dtype=f"S{MAX_KEY_BYTES}") if keys else np.empty(0, dtype="S1"),
        "rk_ids": np.concatenate(ids) if ids else np.empty(0, dtype=np.uint32),
        "rk_tfs": np.concatenate(tfs) if tfs else np.empty(0, dtype=np.float32),
        "rk_starts": np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]),
        **_forward(forward_keys, ids, tfs, reader.doc_count_all()),
    }
    for suffix in SUFFIXES:
        final = _path(folder, segment_id, suffix)
        temporary = folder / f".{segment_id}.{suffix}.{os.getpid()}.npy"
        np.save(temporary, arrays[suffix])
        os.replace(temporary, final)
