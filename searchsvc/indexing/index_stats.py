"""Per-searcher statistics for ranking, and where a query's postings lie.

``IndexStats`` holds what BM25F needs about a searcher's documents: each field's decoded lengths,
each document's language, the live documents and every segment's posting arrays (``posting_arrays``).
``Spans`` locates a query's ``(field, term)`` pairs in those arrays (or in Whoosh, for a segment
without them) and gathers their postings in a few numpy calls: ``ranking`` scores and ``query.matching``
matches from what it gathers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from whoosh.reading import IndexReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from .posting_arrays import MAX_KEY_BYTES, SegmentArrays, sort_order
from .posting_arrays import key as array_key
from .postings import read_postings
from .schema import ALL_LANGUAGES, field_language

_LENGTH_OF_BYTE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)


@dataclass
class IndexStats:
    """Per-searcher statistics: decoded field lengths, each document's language, live documents,
    and the segments' posting arrays. Build once per searcher (``index_stats(searcher, fields)``)
    and pass it to ``rank`` when the searcher lives across requests."""

    languages: list[str]
    lang: np.ndarray  # index into ``languages`` per document, len(languages) when it has no text
    lengths: dict[str, np.ndarray]
    live: np.ndarray
    offsets: list[tuple[IndexReader, int]]
    arrays: list[SegmentArrays | None]
    fields: set[str]
    documents_per_language: np.ndarray  # float64, one count per entry of ``languages``

    @property
    def size(self) -> int:
        return len(self.live)


def index_stats(searcher: Searcher, fieldboosts: Mapping[str, float]) -> IndexStats:
    """The statistics ``rank`` needs about ``searcher``'s documents in the fields of ``fieldboosts``."""
    languages = sorted({field_language(name) for name in fieldboosts} - {ALL_LANGUAGES})
    offsets = [(reader, offset) for reader, offset in searcher.reader().leaf_readers()]
    size = searcher.doc_count_all()
    lengths = {name: _lengths(offsets, name, size) for name in fieldboosts}
    lang = np.full(size, len(languages), dtype=np.int64)
    for i, code in enumerate(languages):
        text = sum((lengths[name] for name in fieldboosts if field_language(name) == code), np.zeros(size))
        lang[(text > 0) & (lang == len(languages))] = i
    live = np.ones(size, dtype=bool)
    for reader, offset in offsets:
        if reader.has_deletions():
            count = reader.doc_count_all()
            deleted = [d for d in range(count) if reader.is_deleted(d)]
            live[np.asarray(deleted, dtype=np.int64) + offset] = False
    arrays = [SegmentArrays.open(reader) if isinstance(reader, SegmentReader) else None for reader, _ in offsets]
    per_language = np.bincount(lang, minlength=len(languages) + 1)[: len(languages)].astype(np.float64)
    return IndexStats(languages, lang, lengths, live, offsets, arrays, set(fieldboosts), per_language)


def _lengths(offsets: list[tuple[IndexReader, int]], name: str, size: int) -> np.ndarray:
    """Every document's length in field ``name`` (Whoosh stores it as one byte per document)."""
    out = np.zeros(size, dtype=np.float32)
    for reader, offset in offsets:
        count = reader.doc_count_all()
        perdoc = getattr(reader, "_perdoc", None)
        column = f"_{name}_len"
        if perdoc is not None and hasattr(perdoc, "_get_column_file"):
            if not perdoc.has_column(column):
                continue
            colfile, start, length = perdoc._get_column_file(column)
            raw = np.frombuffer(colfile.get(start, length), dtype=np.uint8)[:count]
            out[offset : offset + len(raw)] = _LENGTH_OF_BYTE[raw]
        else:  # another codec: ask document by document
            out[offset : offset + count] = [reader.doc_field_length(d, name) or 0 for d in range(count)]
    return out


@dataclass
class Spans:
    """Where the postings of each of a query's ``(field, term)`` pairs lie in every segment: rows
    ``starts[segment]``, ``ends[segment]`` of one column per pair. On a segment's arrays
    (``on_arrays``) that is a span of them, found by one binary search per segment for all the
    pairs; elsewhere (a segment without arrays, a term too long for them) ``ends - starts`` is
    Whoosh's document frequency and the postings are read through Whoosh."""

    pairs: list[tuple[str, str]]
    starts: np.ndarray
    ends: np.ndarray
    on_arrays: np.ndarray
    column: dict[tuple[str, str], int] = field(init=False)

    def __post_init__(self) -> None:
        self.column = {pair: i for i, pair in enumerate(self.pairs)}

    @classmethod
    def locate(cls, stats: IndexStats, pairs: Iterable[tuple[str, str]]) -> Spans:
        pairs = list(dict.fromkeys(pairs))
        keys = [array_key(*pair) for pair in pairs]
        short = np.array([len(name) <= MAX_KEY_BYTES for name in keys], dtype=bool)
        searched = np.array([name for name, fits in zip(keys, short, strict=True) if fits], dtype=f"S{MAX_KEY_BYTES}")
        shape = (len(stats.offsets), len(pairs))
        starts, ends = np.zeros(shape, dtype=np.int64), np.zeros(shape, dtype=np.int64)
        on_arrays = np.zeros(shape, dtype=bool)
        for segment, ((reader, _), arrays) in enumerate(zip(stats.offsets, stats.arrays, strict=True)):
            if arrays is not None:
                found = arrays.spans(searched)
                starts[segment, short], ends[segment, short] = found[:, 0], found[:, 1]
                on_arrays[segment] = short
            for i in np.flatnonzero(~on_arrays[segment]).tolist():
                ends[segment, i] = reader.doc_frequency(*pairs[i])
        return cls(pairs, starts, ends, on_arrays)

    def counts(self) -> np.ndarray:
        """How many documents (deleted ones included) have each pair."""
        return (self.ends - self.starts).sum(axis=0)

    def gather(self, stats: IndexStats, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The postings of the pairs numbered ``chosen`` (repeats allowed): per posting the position
        in ``chosen`` of its pair, its global document number and its term frequency. Each
        segment's arrays are read by one gather for all the spans (position k of span i is
        ``start_i + k``)."""
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for segment, ((reader, offset), arrays) in enumerate(zip(stats.offsets, stats.arrays, strict=True)):
            starts, ends = self.starts[segment, chosen], self.ends[segment, chosen]
            fast = self.on_arrays[segment, chosen]
            lengths = np.where(fast, ends - starts, 0)
            total = int(lengths.sum())
            if total:
                first = np.cumsum(lengths) - lengths
                at = np.arange(total, dtype=np.int64) + np.repeat(starts - first, lengths)
                which = np.repeat(np.arange(len(chosen)), lengths)
                parts.append((which, np.add(arrays.ids[at], offset, dtype=np.int64), arrays.tfs[at]))
            for j in np.flatnonzero(~fast & (ends > starts)).tolist():
                ids, tf = read_postings(reader.postings(*self.pairs[chosen[j]]))
                parts.append((np.full(len(ids), j, dtype=np.int64), ids.astype(np.int64) + offset, tf))
        if not parts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        pair_of, ids, tfs = (np.concatenate(column) for column in zip(*parts, strict=True))
        return pair_of, ids, tfs.astype(np.float32, copy=False)

    def documents(self, stats: IndexStats, pairs: Iterable[tuple[str, str]]) -> np.ndarray:
        """The global numbers of the documents having any of ``pairs`` (of this object's pairs;
        a document having several is listed once for each)."""
        return self.gather(stats, np.array([self.column[pair] for pair in pairs], dtype=np.int64))[1]

    def documents_of_each(self, stats: IndexStats) -> dict[tuple[str, str], np.ndarray]:
        """The global numbers of the documents having each pair, read by one gather for all of
        them (a 150-word query in the query language has a thousand field terms)."""
        which, ids, _ = self.gather(stats, np.arange(len(self.pairs), dtype=np.int64))
        order = sort_order(which)
        bounds = np.searchsorted(which[order], np.arange(len(self.pairs) + 1)).tolist()
        ids = ids[order]
        return {pair: ids[bounds[i] : bounds[i + 1]] for i, pair in enumerate(self.pairs)}
