"""Highlighted snippets: the best fragment of a text around the query's terms.

All text is HTML-escaped; matches are wrapped in ``<mark>``. Match positions are character
offsets into the original field text, so a client can highlight on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from whoosh.analysis import Analyzer
from whoosh.query import Query, Term
from whoosh.reading import IndexReader

from searchsvc.analysis.analyzers import ABBREVIATION_PATTERN

SNIPPET_CHARS = 240
SURROUND = 60
MAX_SCANNED_CHARS = 50_000  # look for matches only this far into a very long article
MAX_MATCHES = 300
_SPACES = re.compile(r"\s+")


class WordAnalyses:
    """Each field's analysis of the words that snippets look at, kept across the requests of one
    snapshot: the words of news text repeat, and analysing them is most of a snippet's cost.
    Bounded: forgotten all at once when ``max_words`` is reached."""

    def __init__(self, max_words: int = 50_000) -> None:
        self.max_words = max_words
        self._by_field: dict[str, dict[str, tuple[tuple[str, int, int], ...]]] = {}
        self._count = 0

    def tokens(self, fieldname: str, analyzer: Analyzer, word: str) -> tuple[tuple[str, int, int], ...]:
        """``word``'s index tokens in ``fieldname``: (text, start, end) each."""
        known = self._by_field.setdefault(fieldname, {})
        found = known.get(word)
        if found is None:
            if self._count >= self.max_words:
                self._by_field, self._count = {}, 0
                known = self._by_field.setdefault(fieldname, {})
            tokens = analyzer(word, chars=True, mode="index")
            found = known[word] = tuple((t.text, t.startchar, t.endchar) for t in tokens)
            self._count += 1
        return found


@dataclass
class Matcher:
    """One field's analyzer and the query terms to find in it; remembers each word's verdict (one request)."""

    fieldname: str
    analyzer: Analyzer
    terms: frozenset[str]
    analyses: WordAnalyses = field(default_factory=WordAnalyses)
    seen: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def spans(self, word: str) -> list[tuple[int, int]]:
        """Where in ``word`` its analysed tokens are query terms (usually all of it, or nothing)."""
        if word not in self.seen:
            tokens = self.analyses.tokens(self.fieldname, self.analyzer, word)
            self.seen[word] = [(start, end) for text, start, end in tokens if text in self.terms]
        return self.seen[word]


@dataclass(frozen=True)
class Highlight:
    """An HTML fragment with ``<mark>``ed matches and the matches' ``[start, end)`` offsets in the text."""

    html: str
    positions: list[tuple[int, int]]


def query_terms(query: Query, reader: IndexReader) -> dict[str, frozenset[str]]:
    """The index terms a query matches, by field (``prefix*`` expanded to the words it found)."""
    found: dict[str, set[str]] = {}
    # Not ``query.existing_terms``: in Whoosh 2.7 it keeps only the first leaf's field. No look-up
    # of each term in the index either (slow): a term the index lacks simply matches no word.
    for leaf in query.leaves():
        if type(leaf) is Term:  # what its ``expanded_terms`` gives, without two generators per leaf
            if leaf.fieldname:
                found.setdefault(leaf.fieldname, set()).add(_word(leaf.text))
            continue
        for fieldname, text in leaf.expanded_terms(reader):
            found.setdefault(fieldname, set()).add(_word(text))
    return {name: frozenset(words) for name, words in found.items()}


def _word(text: str | bytes) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def matchers(
    schema, fieldnames: Iterable[str], terms: dict[str, frozenset[str]], analyses: WordAnalyses | None = None
) -> dict[str, Matcher]:
    """Each field's matcher, for the fields the query touched (sharing ``analyses`` if given)."""
    touched = [name for name in fieldnames if terms.get(name) and name in schema]
    analyses = analyses if analyses is not None else WordAnalyses()
    return {name: Matcher(name, schema[name].analyzer, terms[name], analyses) for name in touched}


def find(text: str, matchers: Sequence[Matcher]) -> list[tuple[int, int]]:
    """Character spans of ``text`` whose analysed form is one of the terms.

    Only words starting like a term are analysed (stemmers change endings, not beginnings), which
    makes this many times faster than analysing the whole text.
    """
    spans: set[tuple[int, int]] = set()
    scanned = text[:MAX_SCANNED_CHARS]
    for matcher in matchers:
        seen = matcher.seen  # most candidates are words seen before, most of them no match
        for match in _candidates(matcher.terms).finditer(scanned):
            word = match.group()
            found = seen[word] if word in seen else matcher.spans(word)
            if found:
                at = match.start()
                spans.update((at + a, at + b) for a, b in found)
                if len(spans) >= MAX_MATCHES:
                    break
    return sorted(spans)


@lru_cache(maxsize=256)
def _candidates(terms: frozenset[str]) -> re.Pattern:
    """Dotted abbreviations, and words (with inner apostrophes) that start with the first two
    letters of any term."""
    seconds: dict[str, set[str]] = {}
    for term in terms:
        if term:
            seconds.setdefault(term[0], set()).add(term[1:2])
    # one alternative per first letter (``n[ae]``), not per pair: the engine tries far fewer branches
    starts = [
        re.escape(first) + ("" if "" in after else "[" + "".join(re.escape(c) for c in sorted(after)) + "]")
        for first, after in sorted(seconds.items())
    ]
    words = rf"(?:{'|'.join(starts) or '(?!)'})\w*(?:['’ʼ]\w+)*"
    return re.compile(rf"(?<!\w)(?:{ABBREVIATION_PATTERN}|{words})", re.IGNORECASE)


def mark(text: str, spans: Sequence[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` escaped, with each span inside it in ``<mark>``, white space folded."""
    end = len(text) if end is None else end
    parts, cursor = [], start
    for left, right in spans:
        if left < cursor or right > end:
            continue
        parts.append(escape(text[cursor:left], quote=False))
        parts.append("<mark>" + escape(text[left:right], quote=False) + "</mark>")
        cursor = right
    parts.append(escape(text[cursor:end], quote=False))
    return _SPACES.sub(" ", "".join(parts)).strip()


def highlight_all(text: str, matchers: Sequence[Matcher]) -> Highlight:
    """The whole (short) text with its matches marked: for titles."""
    spans = find(text, matchers)
    return Highlight(mark(text, spans), spans)


def snippet(text: str, matchers: Sequence[Matcher], chars: int = SNIPPET_CHARS) -> Highlight:
    """The window of about ``chars`` characters holding the most distinct matches, or the lead."""
    spans = find(text, matchers) if matchers else []
    if not spans:
        return Highlight(_window(text, 0, chars, []), [])
    start = _best_start(text, spans, chars)
    inside = [s for s in spans if s[0] >= start and s[1] <= start + chars]
    return Highlight(_window(text, start, chars, inside), spans)


def _best_start(text: str, spans: Sequence[tuple[int, int]], chars: int) -> int:
    best, best_score = 0, (-1, -1)
    for left, _ in spans[:MAX_MATCHES]:
        start = max(0, left - SURROUND)
        inside = [text[a:b].casefold() for a, b in spans if a >= start and b <= start + chars]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = start, score
    return best


def _window(text: str, start: int, chars: int, spans: Sequence[tuple[int, int]]) -> str:
    """``chars`` characters from ``start`` cut at word boundaries, with ``…`` where text was cut."""
    end = min(len(text), start + chars)
    if start > 0:
        space = text.find(" ", start, spans[0][0] if spans else end)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", spans[-1][1] if spans else start, end)
        end = space if space > start else end
    body = mark(text, spans, start, end)
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")
