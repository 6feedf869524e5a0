"""Matching the query language against the index, under the search's deadline.

``match_mask`` walks a parsed Whoosh query: terms of the ranked fields come from the posting
arrays (``collection.Spans``), phrases are checked from positions only in the documents having all
their words, and other leaves (prefixes, fields the ranking does not read) are Whoosh's, through
``deadline.matching_docs``. Which matches come first is ``ranking``'s business.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.query import And, AndNot, Every, Not, Or, Phrase, Query, Term
from whoosh.searching import Searcher

from searchsvc.indexing.index_stats import IndexStats, Spans

from .deadline import CHECK_EVERY, Deadline, matching_docs


def match_mask(
    searcher: Searcher, query: Query, stats: IndexStats, deadline: Deadline | None = None
) -> tuple[np.ndarray, bool]:
    """The live documents ``query`` matches, as a boolean mask, and whether ``deadline`` passed
    first. AND, OR and NOT of terms in the ranked fields come from the posting arrays; a phrase is
    checked from positions in the documents the arrays say have all its words; prefixes and other
    leaves come from Whoosh, through ``matching_docs``. Phrases and leaves stop at the deadline,
    and the mask then holds only documents that do match (an exclusion cut short excludes all)."""
    pairs = []
    for leaf in query.leaves():
        if _ranked_phrase(leaf, stats):
            pairs.extend((leaf.fieldname, word) for word in leaf.words)
        elif (pair := _ranked_term(leaf, stats)) is not None:
            pairs.append(pair)
    spans = Spans.locate(stats, pairs)
    matcher = _Matcher(searcher, stats, spans.documents_of_each(stats), deadline or Deadline(float("inf")))
    return matcher.match(query) & stats.live, matcher.cut > 0


def _ranked_term(query: Query, stats: IndexStats) -> tuple[str, str] | None:
    """``(field, term)`` of a term query in a ranked field (which the posting arrays answer)."""
    if isinstance(query, Term) and query.fieldname in stats.fields and isinstance(query.text, str):
        return query.fieldname, query.text
    return None


def _ranked_phrase(query: Query, stats: IndexStats) -> bool:
    """Whether ``query`` is a phrase in a ranked field: its candidates come from the posting arrays."""
    return isinstance(query, Phrase) and query.fieldname in stats.fields and bool(query.words)


@dataclass
class _Matcher:
    """``match_mask``'s walk of a query tree. Once the deadline has passed, the leaves Whoosh
    matches find only what they found so far (nothing, if not begun): ``cut`` counts them."""

    searcher: Searcher
    stats: IndexStats
    documents: dict[tuple[str, str], np.ndarray]
    deadline: Deadline
    cut: int = 0

    def match(self, query: Query) -> np.ndarray:
        size = self.stats.size
        pair = _ranked_term(query, self.stats)
        if pair is not None:
            mask = np.zeros(size, dtype=bool)
            mask[self.documents[pair]] = True
            return mask
        if _ranked_phrase(query, self.stats):
            return self._phrase(query)
        if isinstance(query, Every) and not query.fieldname:  # filters only: every document, no walk
            return np.ones(size, dtype=bool)
        if isinstance(query, AndNot):
            return self.match(query.a) & ~self._excluded(query.b)
        if isinstance(query, Not):
            return ~self._excluded(query.query)
        if isinstance(query, And):
            mask = np.ones(size, dtype=bool)
            for sub in query.subqueries:
                mask &= self.match(sub)
            return mask
        if isinstance(query, Or) and not query.minmatch:
            mask = np.zeros(size, dtype=bool)
            for sub in query.subqueries:
                mask |= self.match(sub)
            return mask
        mask = np.zeros(size, dtype=bool)
        if self.cut:
            self.cut += 1
        else:
            docs, timed_out = matching_docs(self.searcher, query, self.deadline)
            mask[docs] = True
            self.cut += timed_out
        return mask

    def _phrase(self, query: Phrase) -> np.ndarray:
        """Whoosh's phrase match (each word at most ``slop`` positions after the one before), read
        only in the documents that have every word (from the posting arrays), with a look at the
        clock every ``CHECK_EVERY`` of them: Whoosh's own matcher scans its candidates unwatched."""
        mask = np.zeros(self.stats.size, dtype=bool)
        if self.cut:
            self.cut += 1
            return mask
        having = [self.documents[(query.fieldname, word)] for word in query.words]
        candidates = functools.reduce(np.intersect1d, having[1:], np.unique(having[0]))
        candidates = candidates[self.stats.live[candidates]]  # Whoosh's postings skip deleted documents
        bounds = [offset for _, offset in self.stats.offsets[1:]] + [self.stats.size]
        checked = 0
        for (reader, offset), end in zip(self.stats.offsets, bounds, strict=True):
            local = candidates[(candidates >= offset) & (candidates < end)] - offset
            if not len(local):
                continue
            postings = [reader.postings(query.fieldname, word) for word in query.words]
            for docnum in local.tolist():
                if checked % CHECK_EVERY == 0 and self.deadline.passed():
                    self.cut += 1
                    return mask
                checked += 1
                positions = []
                for matcher in postings:
                    if matcher.is_active():
                        matcher.skip_to(docnum)
                    if not matcher.is_active() or matcher.id() != docnum:
                        break  # the arrays and Whoosh disagree: no match rather than another document's
                    positions.append(matcher.value_as("positions"))
                else:
                    mask[offset + docnum] = _in_sequence(positions, query.slop)
        return mask

    def _excluded(self, query: Query) -> np.ndarray:
        """What a NOT removes: everything, when a leaf of it was cut short (so that no document it
        should have removed is kept)."""
        before = self.cut
        mask = self.match(query)
        return np.ones(self.stats.size, dtype=bool) if self.cut > before else mask


def _in_sequence(positions: Sequence[Sequence[int]], slop: int) -> bool:
    """Whether some position of each word follows one of the word before by 1 to ``slop``
    positions (Whoosh's ``SpanNear2``, ordered, as its ``Phrase`` builds it)."""
    ends = positions[0]
    for following in positions[1:]:
        ends = [at for at in following if any(1 <= at - end <= slop for end in ends)]
        if not ends:
            return False
    return bool(ends)
