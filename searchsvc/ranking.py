"""Ranking: BM25F over the per-language fields, scored with numpy.

A query's words are analysed by every language's analyzer (``title_en``, ``body_ru``, ...). For a
document of language L each word gets a BM25F pseudo term frequency, the boost-weighted sum over
L's title and body fields and the speakers field of ``tf / (1 - b + b * length / mean length)``,
saturated with ``k1`` and weighted by the word's IDF among L's documents (each language is its own
collection, so a rare English word in a Russian text is not over-weighted).

Documents having every word come first, then the best partial matches, so a query that matches
anything never gets an empty page. Whoosh stays the index of record; its postings are read a
block at a time into numpy arrays, which keeps long queries fast where Whoosh's matchers would
score every posting in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import Or, Query, Term
from whoosh.reading import IndexReader
from whoosh.searching import Results, ResultsPage, Searcher
from whoosh.util.numeric import byte_to_length

_LENGTH_OF_BYTE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)
ALL_LANGUAGES = ""  # the language suffix of fields shared by every language (speakers)
_SYNTAX = re.compile(r"[\"*()\[\]{}^~]|\w:\S")
_SYNTAX_CHARS = re.compile(r"[\"*?()\[\]{}^~]+")
_FIELD_PREFIX = re.compile(r"^\w+:")
_PARTS = re.compile(r'-?"[^"]*"?|\S+')
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})


@dataclass(frozen=True)
class RankingParams:
    """BM25F constants: term-frequency saturation and length normalisation per logical field."""

    k1: float = 1.2
    b: Mapping[str, float] = field(default_factory=lambda: {"title": 0.4, "body": 0.75, "speakers": 0.3})


@dataclass(frozen=True)
class QueryWord:
    """One distinct word of a query: its term in each searched field, and how often it was asked."""

    terms: dict[str, str]
    count: int = 1


@dataclass
class Ranked:
    """The top of a ranking (``(score, docnum)``, best first) and every matching document number."""

    top: list[tuple[float, int]]
    docs: np.ndarray
    query: Query
    timed_out: bool = False  # scoring stopped early: the ranking covers only the words scored in time

    @property
    def total(self) -> int:
        return len(self.docs)


@dataclass
class _Collection:
    """Per-searcher statistics: decoded field lengths, each document's language, live documents."""

    languages: list[str]
    lang: np.ndarray  # index into ``languages`` per document, len(languages) when it has no text
    lengths: dict[str, np.ndarray]
    live: np.ndarray
    offsets: list[tuple[IndexReader, int]]

    @property
    def size(self) -> int:
        return len(self.live)


def is_free_text(text: str) -> bool:
    """True when ``text`` is plain words, without the query language's operators or fields.

    Question marks, commas and full stops are prose, not syntax; an all-capitals query is a
    headline, so its ``AND`` or ``OR`` are words.

    >>> is_free_text("nato defence spending?"), is_free_text('"exact phrase"'), is_free_text("title:nato")
    (True, False, False)
    >>> is_free_text("nato OR nuclear"), is_free_text("nato -nuclear"), is_free_text("nuc*")
    (False, False, False)
    >>> is_free_text("TALKS BETWEEN INDONESIA AND MALAYA")
    True
    """
    if _SYNTAX.search(text):
        return False
    shouting = not any(ch.islower() for ch in text)
    return not any((word in _OPERATORS and not shouting) or word[0] in "+-" for word in text.split())


def plain_words(text: str) -> str:
    """The searched words of a query in the query language: no fields, operators or exclusions.

    >>> plain_words('title:nato "arms deliveries" -tanks OR missil* (AND)')
    'nato arms deliveries missil'
    """
    kept = []
    for part in _PARTS.findall(text):
        if part.startswith("-"):
            continue
        word = _SYNTAX_CHARS.sub(" ", _FIELD_PREFIX.sub("", part.lstrip("+"))).strip()
        if word not in _OPERATORS:
            kept.append(word)
    return " ".join(w for w in kept if w)


def field_language(fieldname: str) -> str:
    """``body_ru`` → ``ru``; fields without a language suffix serve every language."""
    head, _, tail = fieldname.rpartition("_")
    return tail if head in ("title", "body") else ALL_LANGUAGES


def query_words(searcher: Searcher, text: str, fields: Sequence[str]) -> list[QueryWord]:
    """The distinct words of ``text`` with their term in each field (stop words have none)."""
    by_position: dict[int, dict[str, str]] = {}
    analyses: list[tuple[object, dict[int, str]]] = []
    for name in fields:
        analyzer = searcher.schema[name].analyzer
        terms = next((done for seen, done in analyses if seen == analyzer), None)
        if terms is None:
            tokens = analyzer(text, positions=True, removestops=False, mode="query")
            terms = {t.pos: t.text for t in tokens if not t.stopped and t.text}
            analyses.append((analyzer, terms))
        for pos, term in terms.items():
            by_position.setdefault(pos, {})[name] = term
    words: dict[tuple[tuple[str, str], ...], QueryWord] = {}
    for pos in sorted(by_position):
        key = tuple(sorted(by_position[pos].items()))
        seen = words.get(key)
        words[key] = QueryWord(by_position[pos], seen.count + 1 if seen else 1)
    return list(words.values())


def rank(
    searcher: Searcher,
    words: Sequence[QueryWord],
    fieldboosts: Mapping[str, float],
    limit: int | None,
    params: RankingParams | None = None,
    allowed: np.ndarray | None = None,
    only_matching: bool = True,
    expired: Callable[[], bool] | None = None,
) -> Ranked:
    """Score documents for ``words``; all-words matches first, then by BM25F score.

    The documents ranked are those matching any word and, when given, in ``allowed`` (a boolean
    mask over document numbers: the filters). With ``only_matching`` false, every ``allowed``
    document is ranked: a query in the query language matches with Whoosh and is ranked here.
    """
    params = params or RankingParams()
    coll = _collection(searcher, fieldboosts)
    score, matched, required, timed_out = _score(searcher, coll, words, fieldboosts, params, expired)
    keep = coll.live.copy()
    if only_matching:
        keep &= matched > 0
    if allowed is not None:
        keep &= allowed
    docs = np.flatnonzero(keep)
    complete = matched[docs] >= required[coll.lang[docs]]
    top = _top(docs, score[docs], complete, limit)
    terms = [Term(name, term) for word in words for name, term in word.terms.items()]
    return Ranked(top, docs, Or(terms), timed_out)


def _score(
    searcher: Searcher,
    coll: _Collection,
    words: Sequence[QueryWord],
    fieldboosts: Mapping[str, float],
    params: RankingParams,
    expired: Callable[[], bool] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """BM25F scores, the number of words each document matched, words required per language, and
    whether ``expired`` stopped the scoring before every word was scored."""
    nlang = len(coll.languages)
    score = np.zeros(coll.size, dtype=np.float32)
    matched = np.zeros(coll.size, dtype=np.int32)
    required = np.zeros(nlang + 1, dtype=np.int32)
    required[nlang] = 1 << 30  # documents without text never match every word
    ndocs = np.bincount(coll.lang, minlength=nlang + 1)[:nlang].astype(np.float64)
    norms = _norms(coll, fieldboosts, params)
    for word in words:
        if expired is not None and expired():
            return score, matched, required, True
        pseudo = np.zeros(coll.size, dtype=np.float32)
        langs = set()
        for name, term in word.terms.items():
            ids, tf = _postings(coll, name, term)
            if len(ids):
                pseudo[ids] += tf * norms[name][ids]
            langs.add(field_language(name))
        required[[i for i, lang in enumerate(coll.languages) if lang in langs or ALL_LANGUAGES in langs]] += 1
        hits = np.flatnonzero(pseudo)
        if not len(hits):
            continue
        df = np.bincount(coll.lang[hits], minlength=nlang + 1)[:nlang]
        idf = np.append(np.log1p((ndocs - df + 0.5) / (df + 0.5)), 0.0).astype(np.float32)
        tf = pseudo[hits]
        score[hits] += word.count * idf[coll.lang[hits]] * tf * (params.k1 + 1) / (params.k1 + tf)
        matched[hits] += 1
    return score, matched, required, False


def _norms(coll: _Collection, fieldboosts: Mapping[str, float], params: RankingParams) -> dict[str, np.ndarray]:
    """Per field: ``boost / (1 - b + b * length / mean length)`` for every document."""
    norms = {}
    for name, boost in fieldboosts.items():
        lengths = coll.lengths[name]
        used = lengths[lengths > 0]
        mean = float(used.mean()) if len(used) else 1.0
        b = params.b.get(name.rpartition("_")[0] or name, params.b.get(name, 0.75))
        norms[name] = (boost / (1.0 - b + b * lengths / mean)).astype(np.float32)
    return norms


def _top(docs: np.ndarray, scores: np.ndarray, complete: np.ndarray, limit: int | None) -> list[tuple[float, int]]:
    """The best ``limit`` documents: complete matches first, then by score, ties by docnum."""
    if not len(docs) or limit == 0:
        return []
    key = scores.astype(np.float64) + complete * (float(scores.max()) + 1.0)
    if limit is not None and limit < len(docs):
        kth = np.partition(key, len(key) - limit)[len(key) - limit]
        chosen = np.flatnonzero(key >= kth)  # every tie at the cut, so the order never depends on limit
        docs, scores, key = docs[chosen], scores[chosen], key[chosen]
    order = np.lexsort((docs, -key))[:limit]
    return [(float(scores[i]), int(docs[i])) for i in order]


def _collection(searcher: Searcher, fieldboosts: Mapping[str, float]) -> _Collection:
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
    return _Collection(languages, lang, lengths, live, offsets)


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


def _postings(coll: _Collection, name: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """Global document numbers and term frequencies of one term, deleted documents included."""
    all_ids, all_tf = [], []
    for reader, offset in coll.offsets:
        if (name, term) not in reader:
            continue
        ids, tf = _read_matcher(reader.postings(name, term))
        all_ids.append(ids + offset)
        all_tf.append(tf)
    if not all_ids:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    return np.concatenate(all_ids), np.concatenate(all_tf)


def _read_matcher(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Decode a posting list a block at a time (ids are delta-coded per block)."""
    while isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        ids, weights = [], []
        while matcher.is_active():
            matcher._read_data()
            ids.append(np.cumsum(np.asarray(matcher._data[0], dtype=np.int64)))
            matcher._read_weights()
            weights.append(np.asarray(matcher._weights, dtype=np.float32))
            matcher._next_block()
        if not ids:  # a term whose postings were all merged away
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        return np.concatenate(ids), np.concatenate(weights)
    if isinstance(matcher, ListMatcher):
        return np.asarray(matcher._ids, dtype=np.int64), np.asarray(matcher._weights or [], dtype=np.float32)
    pairs = [(matcher.id(), matcher.weight()) for _ in _drain(matcher)]
    return np.asarray([p[0] for p in pairs], dtype=np.int64), np.asarray([p[1] for p in pairs], dtype=np.float32)


def _drain(matcher):
    while matcher.is_active():
        yield
        matcher.next()


class RankedResults(Results):
    """Whoosh ``Results`` over our own top documents, so hits, pages and highlights work as usual."""

    def __init__(self, searcher: Searcher, ranked: Ranked) -> None:
        super().__init__(searcher, ranked.query, ranked.top)
        self._total = ranked.total

    def __len__(self) -> int:
        return self._total

    def estimated_length(self) -> int:
        return self._total

    def estimated_min_length(self) -> int:
        return self._total


def search_page(
    searcher: Searcher,
    text: str,
    fieldboosts: Mapping[str, float],
    page: int,
    pagelen: int,
    matching: Query | None = None,
    params: RankingParams | None = None,
) -> ResultsPage:
    """One page of the ranking of ``text``, as Whoosh's ``ResultsPage``.

    Free text is matched word by word; with ``matching`` (the parsed query-language query), its
    matches are ranked by the BM25F score of the query's plain words.
    """
    allowed = None
    if matching is not None:
        allowed = np.zeros(searcher.doc_count_all(), dtype=bool)
        allowed[np.fromiter(searcher.docs_for_query(matching), dtype=np.int64)] = True
        text = plain_words(text)
    words = query_words(searcher, text, list(fieldboosts))
    ranked = rank(searcher, words, fieldboosts, page * pagelen, params, allowed, only_matching=matching is None)
    return ResultsPage(RankedResults(searcher, ranked), page, pagelen)
