"""Per-document metadata as numpy arrays, for fast filters, facet counts and date sorting.

Built once per opened searcher from the index's sortable columns (never from stored fields),
so counting facets over tens of thousands of matches is a few array operations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from whoosh.reading import IndexReader

from searchsvc.indexing.people import People, speaker_counts

from .duplicate_groups import Groups

NO_DATE = -1
_MICROSECONDS_PER_DAY = 86_400 * 10**6
_MISSING_DATETIME = 2**64 - 1


@dataclass(frozen=True)
class Coded:
    """One value per document, as codes into ``values`` (``-1`` where a document has none)."""

    codes: np.ndarray
    values: tuple[str, ...]

    @classmethod
    def build(cls, raw: Iterable[str]) -> Coded:
        strings = list(raw)
        values = tuple(sorted({s for s in strings if s}))
        index = {v: i for i, v in enumerate(values)}
        return cls(np.array([index.get(s, -1) for s in strings], dtype=np.int32), values)

    def mask(self, wanted: Sequence[str]) -> np.ndarray:
        """Documents whose value is one of ``wanted`` (compared without case)."""
        folded = {w.casefold() for w in wanted}
        codes = [i for i, v in enumerate(self.values) if v.casefold() in folded]
        return np.isin(self.codes, np.array(codes, dtype=np.int32))

    def count(self, docs: np.ndarray, size: int | None = None) -> dict[str, int]:
        """How many of ``docs`` have each value, most frequent first (the first ``size`` values)."""
        codes = self.codes[docs]
        counts = np.bincount(codes[codes >= 0], minlength=len(self.values))
        return _ranked(self.values, counts, size)


@dataclass(frozen=True)
class MultiCoded:
    """Several values per document (speakers), as parallel arrays of document numbers and codes."""

    docs: np.ndarray
    codes: np.ndarray
    values: tuple[str, ...]
    doc_count: int

    @classmethod
    def build(cls, raw: Sequence[str], separator: str = ",") -> MultiCoded:
        pairs = [(doc, name) for doc, text in enumerate(raw) for name in text.split(separator) if name]
        values = tuple(sorted({name for _, name in pairs}))
        index = {v: i for i, v in enumerate(values)}
        docs = np.array([d for d, _ in pairs], dtype=np.int64)
        codes = np.array([index[n] for _, n in pairs], dtype=np.int32)
        return cls(docs, codes, values, len(raw))

    def mask(self, wanted: Sequence[str]) -> np.ndarray:
        folded = {w.casefold() for w in wanted}
        return self.mask_values([v for v in self.values if v.casefold() in folded])

    def mask_values(self, wanted: Sequence[str]) -> np.ndarray:
        """Documents with one of ``wanted`` (exact values)."""
        chosen = set(wanted)
        codes = [i for i, v in enumerate(self.values) if v in chosen]
        result = np.zeros(self.doc_count, dtype=bool)
        result[self.docs[np.isin(self.codes, np.array(codes, dtype=np.int32))]] = True
        return result

    def count(self, docs: np.ndarray, size: int | None = None) -> dict[str, int]:
        """How many of ``docs`` have each value, most frequent first (the first ``size`` values)."""
        selected = np.zeros(self.doc_count, dtype=bool)
        selected[docs] = True
        counts = np.bincount(self.codes[selected[self.docs]], minlength=len(self.values))
        return _ranked(self.values, counts, size)


@dataclass(frozen=True)
class Speakers(MultiCoded):
    """The speakers of each document as persons (``People``): one value per person, shown under its
    name; a filter by any spelling, script or surname (``Столтенберг``) finds all of that person."""

    people: People

    @classmethod
    def of_people(cls, raw: Sequence[str], people: People | None, separator: str = ",") -> Speakers:
        people = people or People.build(speaker_counts(raw, separator))
        persons = [separator.join(dict.fromkeys(people.display(n) for n in text.split(separator) if n)) for text in raw]
        coded = MultiCoded.build(persons, separator)
        return cls(coded.docs, coded.codes, coded.values, coded.doc_count, people)

    def mask(self, wanted: Sequence[str]) -> np.ndarray:
        persons = {i for name in wanted for i in self.people.resolve(name)}
        shown = [self.people.persons[i].name for i in persons]
        return self.mask_values(shown)


@dataclass(frozen=True)
class Columns:
    """Language, source, speakers and publication day of every document number of one reader."""

    doc_count: int
    lang: Coded
    source: Coded
    speaker: Speakers  # persons, spellings merged (``People``)
    day: np.ndarray  # proleptic Gregorian ordinal of the publication date, NO_DATE when unknown
    groups: Groups  # near-duplicate groups, to show one document per group

    @classmethod
    def build(cls, reader: IndexReader, people: People | None = None) -> Columns:
        """Read the sortable columns of ``reader`` into arrays; ``people`` groups the speakers (the
        reindex stores it; grouped here when None)."""
        count = reader.doc_count_all()
        raw = _column(reader, "published", _MISSING_DATETIME, translate=False)
        raw_dates = np.fromiter(raw, dtype=np.uint64, count=count)
        day = np.where(raw_dates == _MISSING_DATETIME, NO_DATE, raw_dates // _MICROSECONDS_PER_DAY + 1)
        return cls(
            doc_count=count,
            lang=Coded.build(_column(reader, "lang", "")),
            source=Coded.build(_column(reader, "source", "")),
            speaker=Speakers.of_people(list(_column(reader, "speaker", "")), people),
            day=day.astype(np.int64),
            groups=Groups.build(reader),
        )

    def date_mask(self, start: date | None, end: date | None) -> np.ndarray:
        """Documents published between ``start`` and ``end`` (inclusive); undated ones are left out."""
        mask = self.day != NO_DATE
        if start:
            mask &= self.day >= start.toordinal()
        if end:
            mask &= self.day <= end.toordinal()
        return mask

    def years(self, docs: np.ndarray) -> dict[str, int]:
        """How many of ``docs`` were published in each year, newest first."""
        days = self.day[docs]
        days = days[days != NO_DATE]
        if not len(days):
            return {}
        numbers, counts = np.unique(_ordinal_years(days), return_counts=True)
        return {str(y): int(c) for y, c in sorted(zip(numbers.tolist(), counts.tolist(), strict=True), reverse=True)}


def _ordinal_years(days: np.ndarray) -> np.ndarray:
    """Calendar years of proleptic Gregorian ordinals (``date.toordinal``)."""
    epoch = date(1970, 1, 1).toordinal()
    return (days - epoch).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _column(reader: IndexReader, name: str, default, translate: bool = True) -> list:
    """One value per document number, segment by segment (a segment may lack the column)."""
    values: list = []
    for leaf, _ in reader.leaf_readers():
        count = leaf.doc_count_all()
        if name in leaf.schema and leaf.has_column(name):
            part = list(leaf.column_reader(name, translate=translate))[:count]
            values.extend(part + [default] * (count - len(part)))
        else:
            values.extend([default] * count)
    return values


def _ranked(values: Sequence[str], counts: np.ndarray, size: int | None = None) -> dict[str, int]:
    """Values by count, most frequent first, ties by name (``values`` are sorted, so by code); the first ``size``."""
    found = np.flatnonzero(counts)
    order = found[np.lexsort((found, -counts[found]))][:size]
    return {values[i]: int(counts[i]) for i in order.tolist()}


def by_date(docs: np.ndarray, days: np.ndarray, newest_first: bool) -> np.ndarray:
    """``docs`` ordered by publication day (undated last), ties in document order."""
    day = days[docs]
    key = np.where(day == NO_DATE, np.iinfo(np.int64).max, -day if newest_first else day)
    return docs[np.argsort(key, kind="stable")]
