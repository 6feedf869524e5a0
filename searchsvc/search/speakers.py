"""Who speaks in the index: every person (``indexing.people``) with their spellings, how many articles
quote them and how many quotes they have, when they were first and last quoted; and one person's page
(counts per year, latest quotes). Read from the snapshot's columns: no stored field is opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from whoosh.index import Index

from searchsvc.query.limits import Limits, QueryError, check_paging

from .doc_values import NO_DATE, Columns, Speakers
from .quotes import QuoteResult, search_quotes
from .request import SearchRequest
from .serving import Snapshot, opened

LATEST_QUOTES = 10


class SpeakerNotFound(LookupError):
    """No person of the index has this name: a 404."""


@dataclass(frozen=True)
class SpeakerSummary:
    """One person: the name shown, every spelling, their articles and quotes, first and last seen."""

    name: str
    variants: list[str]
    articles: int
    quotes: int
    first_seen: str | None
    last_seen: str | None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SpeakersResponse:
    total: int
    page: int
    per_page: int
    results: list[SpeakerSummary]

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "results": [r.to_json() for r in self.results]}


@dataclass(frozen=True)
class SpeakerPage:
    """One person: summary, their articles per year (newest first) and their latest quotes."""

    speaker: SpeakerSummary
    years: dict[str, int]
    quotes: list[QuoteResult]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.speaker.to_json(),
            "years": self.years,
            "latest_quotes": [q.to_json() for q in self.quotes],
        }


def list_speakers(
    target: Index | Snapshot,
    q: str = "",
    lang: tuple[str, ...] = (),
    page: int = 1,
    per_page: int = 20,
    limits: Limits | None = None,
) -> SpeakersResponse:
    """The persons whose name (any spelling, any script) starts with ``q`` or has a word that does,
    or whom ``q`` names (``Столтенберг``), quoted in articles of ``lang``; most-quoted first."""
    if len(q) > (limits or Limits()).max_query_length:
        raise QueryError("the name is too long")
    check_paging(page, per_page, limits or Limits())
    with opened(target) as snap:
        table = _table(snap, lang)
        speakers = snap.columns.speaker
        wanted = _matching(speakers, q) if q.strip() else None
        rows = [row for row in table if row.articles and (wanted is None or row.name in wanted)]
    start = (page - 1) * per_page
    return SpeakersResponse(len(rows), page, per_page, rows[start : start + per_page])


def speaker_page(target: Index | Snapshot, name: str) -> SpeakerPage:
    """The person ``name`` spells (any spelling; the one with most articles when it could be several)."""
    with opened(target) as snap:
        speakers = snap.columns.speaker
        table = {row.name: row for row in _table(snap, ())}
        found = [table[speakers.people.persons[i].name] for i in speakers.people.resolve(name)]
        found = [row for row in found if row.articles]
        if not name.strip() or not found:
            raise SpeakerNotFound(f"no speaker named {name[:80]!r}")
        row = max(found, key=lambda r: (r.articles, r.quotes))
        docs = np.flatnonzero(speakers.mask_values([row.name]))
        years = snap.columns.years(docs)
        latest = search_quotes(snap, SearchRequest("", per_page=LATEST_QUOTES, speaker=(row.name,))).results
    return SpeakerPage(row, years, latest)


def _matching(speakers: Speakers, q: str) -> set[str]:
    """Names of the persons ``q`` finds: a prefix of a spelling or of one of its words (any script),
    or a name ``same_person`` matches."""
    people = speakers.people
    return {people.persons[i].name for i in people.starting_with(q) | set(people.resolve(q))}


def _table(snap: Snapshot, lang: tuple[str, ...]) -> list[SpeakerSummary]:
    """Every person of the snapshot with articles and quotes counted (in ``lang`` when given), most
    quoted first; made once per snapshot and language filter (a few kept)."""
    key = tuple(sorted(lang))
    if key not in snap.speaker_tables:
        if len(snap.speaker_tables) >= 8:
            snap.speaker_tables.clear()
        snap.speaker_tables[key] = _count_table(snap, lang)
    return snap.speaker_tables[key]


def _count_table(snap: Snapshot, lang: tuple[str, ...]) -> list[SpeakerSummary]:
    columns = snap.columns
    speakers = columns.speaker
    allowed = columns.lang.mask(lang) if lang else None
    articles, first, last = _counts(columns, speakers, allowed)
    quotes = np.zeros(len(speakers.values), dtype=np.int64)
    if snap.quotes is not None:
        qcols = snap.quotes.columns
        qallowed = qcols.lang.mask(lang) if lang else None
        counted, _, _ = _counts(qcols, qcols.speaker, qallowed)
        index = {v: i for i, v in enumerate(speakers.values)}
        for value, count in zip(qcols.speaker.values, counted.tolist(), strict=True):
            if value in index:
                quotes[index[value]] += count
    by_name = {p.name: p for p in speakers.people.persons}
    rows = []
    for i, value in enumerate(speakers.values):
        person = by_name.get(value)
        rows.append(
            SpeakerSummary(
                value,
                list(person.variants) if person else [value],
                int(articles[i]),
                int(quotes[i]),
                _day(first[i]),
                _day(last[i]),
            )
        )
    return sorted(rows, key=lambda r: (-r.quotes, -r.articles, r.name))  # most-quoted first


def _counts(columns: Columns, speakers: Speakers, allowed: np.ndarray | None):
    """Per value of ``speakers``: its documents (among ``allowed``), first and last publication day."""
    keep = np.ones(len(speakers.docs), dtype=bool) if allowed is None else allowed[speakers.docs]
    codes, days = speakers.codes[keep], columns.day[speakers.docs[keep]]
    size = len(speakers.values)
    counts = np.bincount(codes, minlength=size)
    dated = days != NO_DATE
    first = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(size, NO_DATE, dtype=np.int64)
    np.minimum.at(first, codes[dated], days[dated])
    np.maximum.at(last, codes[dated], days[dated])
    return counts, first, last


def _day(ordinal: int) -> str | None:
    return date.fromordinal(int(ordinal)).isoformat() if 0 < ordinal < date.max.toordinal() else None
