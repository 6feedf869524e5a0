"""Ranking: BM25F over the per-language fields, scored with numpy.

A query's words are analysed by every language's analyzer (``title_en``, ``body_ru``, ...). For a
document of language L each word gets a BM25F pseudo term frequency, the boost-weighted sum over
L's title and body fields and the speakers field of ``tf / (1 - b + b * length / mean length)``,
saturated with ``k1`` and weighted by the word's IDF among L's documents (each language is its own
collection, so a rare English word in a Russian text is not over-weighted).

Documents having every word come first, then the best partial matches, so a query that matches
anything never gets an empty page; a verbose query (a question of five words or more) drops its
request words ("papers", "describe") and ranks by score alone. Pseudo-relevance feedback (RM3)
reorders the matches. Whoosh stays the index of record; its postings are read a
block at a time into numpy arrays, which keeps long queries fast where Whoosh's matchers would
score every posting in Python.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from whoosh.query import And, AndNot, Every, Not, Or, Phrase, Query, Term
from whoosh.reading import IndexReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from .analysis import index_terms
from .deadline import CHECK_EVERY, Deadline, matching_docs
from .impacts import MAX_KEY_BYTES, SegmentArrays, sort_order, split_key
from .impacts import key as array_key
from .postings import read_postings
from .verbose import is_request_word

_LENGTH_OF_BYTE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)
ALL_LANGUAGES = ""  # the language suffix of fields shared by every language (speakers)
_SYNTAX = re.compile(r"[\"*\[\]{}^~]|\w:\S")
_EXCLUSION = re.compile(r"(?<![^\s(])-(?=[\w\"(])")  # as the query language reads ``-word``
_SYNTAX_CHARS = re.compile(r"[\"*?()\[\]{}^~]+")
_FIELD_PREFIX = re.compile(r"^\w+:")
_PARTS = re.compile(r'-?"[^"]*"?|\S+')
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})


@dataclass(frozen=True)
class RankingParams:
    """BM25F constants (saturation ``k1``, length normalisation ``b`` per logical field) and
    dynamic stop words (``max_df``) and pseudo-relevance feedback (RM3: the best ``feedback_terms`` terms of the top
    ``feedback_docs`` documents, each document weighted ``exp(score / feedback_temperature)``,
    weighted ``feedback_weight`` against the query's own words, for queries of at least
    ``feedback_min_words`` words), and from how many words a query is verbose (``verbose_words``,
    counted as typed, stop words included, when the caller gives ``typed``: a query phrased as a
    sentence is a question, not keywords):
    its request words are dropped (``verbose.py``) and documents having all its words are not put
    first, since having every word of a long question is more chance than evidence."""

    k1: float = 1.2
    b: Mapping[str, float] = field(default_factory=lambda: {"title": 0.4, "body": 0.75, "speakers": 0.3})
    max_df: float = 1.0  # words in more than this share of a language's documents are skipped for it
    only_complete: bool = False  # when some documents have every word, rank only those (measured worse)
    feedback_docs: int = 5
    feedback_terms: int = 30
    feedback_weight: float = 0.5
    feedback_min_words: int = 1
    feedback_temperature: float | None = 4.0  # None: shares proportional to the scores (measured worse)
    verbose_words: int | None = 5  # None: no query is verbose


@dataclass(frozen=True)
class QueryWord:
    """One distinct word of a query: its term in each searched field, and its weight (how often
    it was asked; feedback terms get a share of the query's weight and are never required)."""

    terms: dict[str, str]
    weight: float = 1.0
    required: bool = True


@dataclass
class Ranked:
    """The top of a ranking (``(score, docnum)``, best first) and how many documents match."""

    top: list[tuple[float, int]]
    total: int
    query: Query


@dataclass
class Collection:
    """Per-searcher statistics: decoded field lengths, each document's language, live documents,
    and the segments' posting arrays. Build once per searcher (``collection(searcher, fields)``)
    and pass it to ``rank`` when the searcher lives across requests."""

    languages: list[str]
    lang: np.ndarray  # index into ``languages`` per document, len(languages) when it has no text
    lengths: dict[str, np.ndarray]
    live: np.ndarray
    offsets: list[tuple[IndexReader, int]]
    arrays: list[SegmentArrays | None]
    fields: set[str]
    documents_per_language: np.ndarray  # float64, one count per entry of ``languages``
    norms_cache: dict[tuple, _Norms] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.live)


def is_free_text(text: str) -> bool:
    """True when ``text`` is plain words, without the query language's operators or fields.

    Question marks, commas, full stops, a dash between words and parentheses without operators
    (which only group words that are all wanted anyway) are prose, not syntax; an all-capitals
    query is a headline, so its ``AND`` or ``OR`` are words.

    >>> is_free_text("nato defence spending?"), is_free_text('"exact phrase"'), is_free_text("title:nato")
    (True, False, False)
    >>> is_free_text("nato OR nuclear"), is_free_text("nato -nuclear"), is_free_text("nuc*")
    (False, False, False)
    >>> is_free_text("TALKS BETWEEN INDONESIA AND MALAYA"), is_free_text("schemes - DDC, UDC (MEDLARS) anti-war")
    (True, True)
    """
    if _SYNTAX.search(text) or _EXCLUSION.search(text):
        return False
    shouting = not any(ch.islower() for ch in text)
    words = text.split()
    if any(len(word) > 1 and word[0] == "+" for word in words):
        return False  # ``+word``: the all-words reading of the query language
    return shouting or not any(word.strip("()") in _OPERATORS for word in words)


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
    """The distinct words of ``text`` with their term in each field.

    A word's terms are lined up by where the word starts in ``text`` (each analyzer numbers its
    positions past its own stop words). A stop word of every language's fields is no word, although
    the speakers field (names) keeps every word; one that some language keeps (Ukrainian ``том``, a
    volume, is a Russian stop word) is a word of that language's fields.
    """
    by_start: dict[int, dict[str, str]] = {}
    analyses: list[tuple[object, dict[int, str]]] = []
    for name in fields:
        analyzer = searcher.schema[name].analyzer
        terms = next((done for seen, done in analyses if seen == analyzer), None)
        if terms is None:
            tokens = analyzer(text, chars=True, removestops=False, mode="query")
            terms = {t.startchar: t.text for t in tokens if not t.stopped and t.text}
            analyses.append((analyzer, terms))
        for start, term in terms.items():
            by_start.setdefault(start, {})[name] = term
    languages = any(field_language(name) != ALL_LANGUAGES for name in fields)
    words: dict[tuple[tuple[str, str], ...], QueryWord] = {}
    for start in sorted(by_start):
        if languages and all(field_language(name) == ALL_LANGUAGES for name in by_start[start]):
            continue
        key = tuple(sorted(by_start[start].items()))
        seen = words.get(key)
        words[key] = QueryWord(by_start[start], seen.weight + 1 if seen else 1.0)
    return list(words.values())


@dataclass
class Scored:
    """Every document a query matches, its score and whether it has every word of the query."""

    docs: np.ndarray
    scores: np.ndarray
    complete: np.ndarray
    query: Query  # an OR of the query's terms in every field, for highlighting

    def best(self, limit: int | None) -> list[tuple[float, int]]:
        """The top ``limit`` ``(score, docnum)`` pairs: complete matches first, then by score."""
        return _top(self.docs, self.scores, self.complete, limit)


def score_documents(
    searcher: Searcher,
    words: Sequence[QueryWord],
    fieldboosts: Mapping[str, float],
    params: RankingParams | None = None,
    matching: np.ndarray | None = None,
    allowed: np.ndarray | None = None,
    stats: Collection | None = None,
    typed: int | None = None,
) -> Scored:
    """Score the documents that match any of ``words`` with BM25F (and RM3 feedback).

    ``matching`` (a boolean mask over document numbers) replaces "any word" as the set of matches,
    for a query in the query language that Whoosh matched; ``allowed`` (filters) narrows the set.
    ``typed`` is how many words the query had as typed (``count_words``; default: ``len(words)``).
    """
    params = params or RankingParams()
    length = len(words) if typed is None else typed
    verbose = params.verbose_words is not None and length >= params.verbose_words
    if verbose:
        words = without_request_words(words)
    coll = stats if stats is not None and stats.fields == set(fieldboosts) else collection(searcher, fieldboosts)
    norms = _norms(coll, fieldboosts, params)
    score, matched, required = _score(coll, words, norms, params)
    keep = (matched > 0) if matching is None else matching.copy()
    keep &= coll.live
    if allowed is not None:
        keep &= allowed
    docs = np.flatnonzero(keep)
    if params.feedback_terms and len(words) >= params.feedback_min_words and len(docs):
        first = _top(docs, score[docs], np.zeros(len(docs), dtype=bool), params.feedback_docs)
        expansion = feedback_words(searcher, coll, first, fieldboosts, params)
        if expansion:  # scores are linear in the word weights: rescale the first pass, add the expansion's
            added, _, _ = _score(coll, expansion, norms, params, within=keep)
            own = sum(word.weight for word in words) or 1.0
            score = (1 - params.feedback_weight) / own * score + added
    complete = matched[docs] >= required[coll.lang[docs]] if not verbose else np.zeros(len(docs), dtype=bool)
    if params.only_complete and complete.any():
        docs, complete = docs[complete], complete[complete]
    terms = [Term(name, term) for word in words for name, term in word.terms.items()]
    return Scored(docs, score[docs], complete, Or(terms))


def without_request_words(words: Sequence[QueryWord]) -> Sequence[QueryWord]:
    """The words of a verbose query without its request words (``verbose.py``), never all of them."""
    return [word for word in words if not is_request_word(word.terms)] or words


def rank(
    searcher: Searcher,
    words: Sequence[QueryWord],
    fieldboosts: Mapping[str, float],
    limit: int | None,
    params: RankingParams | None = None,
    matching: np.ndarray | None = None,
    stats: Collection | None = None,
    typed: int | None = None,
) -> Ranked:
    """The top ``limit`` documents for ``words`` (see ``score_documents``) and how many match."""
    scored = score_documents(searcher, words, fieldboosts, params, matching, None, stats, typed)
    return Ranked(scored.best(limit), len(scored.docs), scored.query)


def feedback_words(
    searcher: Searcher,
    coll: Collection,
    first: list[tuple[float, int]],
    fieldboosts: Mapping[str, float],
    params: RankingParams,
) -> list[QueryWord]:
    """RM3 expansion terms: ``sum over top documents of P(d | q) * P(t | d)``, best first.

    ``P(d | q)`` comes from ``feedback_shares``; ``P(t | d)`` from the document's title and body
    terms as its language's fields indexed them, read from the forward index (``impacts.Forward``),
    or re-analysed from the stored text where a segment was written without one.
    """
    shares = feedback_shares([score for score, _ in first], params.feedback_temperature)
    with_text = [coll.lang[docnum] < len(coll.languages) for _, docnum in first]
    docs = [(share, docnum) for share, (_, docnum), text in zip(shares, first, with_text, strict=True) if text]
    forward = [_forward_counts(coll, docnum) for _, docnum in docs]
    if all(found is not None for found in forward):
        keys = np.concatenate([keys for keys, _ in forward]) if forward else np.empty(0, dtype="S1")
        terms, where = np.unique(keys, return_inverse=True)
        shared = []  # each count times its document's share per term occurrence, in document order
        for (share, _), (_, counts) in zip(docs, forward, strict=True):
            shared.append(counts * (share / (counts.sum() or 1.0)))
        # summed in document order, as the dictionary below does
        weights = np.bincount(where, np.concatenate(shared) if shared else None, minlength=len(terms)).astype(float)

        def term_at(i: int) -> tuple[str, str]:
            return split_key(bytes(terms[i]))

    else:  # a segment without a forward index (written before it): analyse the stored text
        by_term: dict[tuple[str, str], float] = {}
        for share, docnum in docs:
            lang = coll.languages[int(coll.lang[docnum])]
            stored = searcher.stored_fields(docnum)
            analysed = index_terms(lang, f"{stored.get('title', '')}\n{stored.get('body', '')}")
            per_term = share / len(analysed) if analysed else 0.0
            for term, count in Counter(analysed).items():
                by_term[(lang, term)] = by_term.get((lang, term), 0.0) + count * per_term
        pairs = list(by_term)
        weights = np.array(list(by_term.values()), dtype=np.float64)
        term_at = pairs.__getitem__
    best = _best_terms(weights, term_at, params.feedback_terms)
    extra = sum(weight for _, _, weight in best) or 1.0
    words = []
    for lang, term, weight in best:  # the expansion gets ``feedback_weight`` of the query's weight
        fields = {name: term for name in (f"title_{lang}", f"body_{lang}") if name in fieldboosts}
        words.append(QueryWord(fields, params.feedback_weight * weight / extra, required=False))
    return words


def _forward_counts(coll: Collection, docnum: int) -> tuple[np.ndarray, np.ndarray] | None:
    """A document's distinct ``language + separator + term`` keys and their counts in its title and
    body, from its segment's forward index; None when the segment has none."""
    segment = 0
    while segment + 1 < len(coll.offsets) and coll.offsets[segment + 1][1] <= docnum:
        segment += 1
    arrays = coll.arrays[segment]
    if arrays is None or arrays.forward is None:
        return None
    return arrays.forward.term_counts(docnum - coll.offsets[segment][1])


def _best_terms(
    weights: np.ndarray, term_at: Callable[[int], tuple[str, str]], limit: int
) -> list[tuple[str, str, float]]:
    """The ``limit`` heaviest ``(language, term, weight)``, numbers left out, ties in term order.
    Only the candidates down to the last one kept are decoded."""
    chosen: list[tuple[float, str, str]] = []
    cut = None
    for i in np.argsort(-weights, kind="stable").tolist():
        weight = float(weights[i])
        if cut is not None and weight < cut:
            break
        lang, term = term_at(i)
        if term.isdigit():
            continue
        chosen.append((-weight, lang, term))
        if len(chosen) == limit:
            cut = weight
    return [(lang, term, -negative) for negative, lang, term in sorted(chosen)[:limit]]


def feedback_shares(scores: Sequence[float], temperature: float | None) -> list[float]:
    """``P(d | q)`` of the feedback documents: ``exp(score / temperature)``, normalised.

    RM3 weighs a document by its query likelihood, the exponential of a log-probability; BM25
    scores are sums of log-odds, so their exponential is the analogue. A document scoring well
    below the best one then adds few terms (less drift when one or two documents are relevant);
    shares proportional to the scores (``temperature`` None) spread the weight almost evenly.

    >>> [round(x, 3) for x in feedback_shares([12.0, 8.0, 8.0], 4.0)]
    [0.576, 0.212, 0.212]
    >>> [round(x, 3) for x in feedback_shares([12.0, 8.0, 8.0], None)]
    [0.429, 0.286, 0.286]
    """
    if not scores:
        return []
    values = np.asarray(scores, dtype=np.float64)
    if temperature is not None:
        values = np.exp((values - values.max()) / temperature)
    total = float(values.sum())
    return (values / total).tolist() if total > 0 else [1.0 / len(values)] * len(values)


def _score(
    coll: Collection,
    words: Sequence[QueryWord],
    norms: _Norms,
    params: RankingParams,
    within: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BM25F scores, the number of words each document matched, and words required per language.

    Every word is scored in one pass over all its postings: a handful of numpy calls per query
    rather than per word, which is what a query of forty words (with its feedback terms) costs.
    With ``within`` (a mask), only those documents' scores are wanted: when the forward index
    knows the words' document frequencies, the other documents' postings are dropped unread."""
    nlang = len(coll.languages)
    required = np.zeros(nlang + 1, dtype=np.int32)
    required[nlang] = 1 << 30  # documents without text never match every word
    ndocs = coll.documents_per_language
    pairs = [(name, term) for word in words for name, term in word.terms.items()]
    word_of_pair = np.array([i for i, word in enumerate(words) for _ in word.terms], dtype=np.int64)
    pair_language = [field_language(name) for name, _ in pairs]
    limit = {lang: params.max_df * ndocs[i] for i, lang in enumerate(coll.languages)}
    most = np.array([limit.get(lang, np.inf) for lang in pair_language], dtype=np.float64)
    spans = _Spans.locate(coll, pairs)
    column = np.array([spans.column[pair] for pair in pairs], dtype=np.int64)
    counts = spans.counts()[column]
    kept = (counts > 0) & (counts <= most)
    which, ids, tfs = spans.gather(coll, column[kept])
    pair_of = np.flatnonzero(kept)[which]
    known_df = None
    if within is not None and np.all(kept | (counts == 0)):  # every posting counts towards df
        known_df = _forward_df(coll, words)
    if known_df is not None:
        inside = within[ids]
        pair_of, ids, tfs = pair_of[inside], ids[inside], tfs[inside]
    langs_of_word: dict[int, set[str]] = {}
    for i in np.flatnonzero(kept).tolist():  # absent, or as common as a stop word: worth little
        langs_of_word.setdefault(int(word_of_pair[i]), set()).add(pair_language[i])
    for i, word in enumerate(words):
        if word.required:
            langs = langs_of_word.get(i, set())
            required[[j for j, lang in enumerate(coll.languages) if lang in langs or ALL_LANGUAGES in langs]] += 1
    field_of_pair = np.array([norms.row[name] for name, _ in pairs], dtype=np.int64)
    values = tfs * norms.matrix[field_of_pair[pair_of], ids]
    word, doc, pseudo = _sum_by_word_and_doc(word_of_pair[pair_of], ids, values, coll.size)
    doc_lang = coll.lang[doc]
    df = known_df
    if df is None:
        df = np.bincount(word * (nlang + 1) + doc_lang, minlength=len(words) * (nlang + 1)).reshape(-1, nlang + 1)
    idf = np.zeros((len(words), nlang + 1))  # the last column, for documents without text, stays 0
    idf[:, :nlang] = np.log1p((ndocs - df[:, :nlang] + 0.5) / (df[:, :nlang] + 0.5))
    weight = np.array([w.weight for w in words], dtype=np.float64)
    k1 = params.k1
    gain = weight[word] * idf[word, doc_lang] * pseudo * (k1 + 1) / (k1 + pseudo)
    score = np.bincount(doc, weights=gain, minlength=coll.size).astype(np.float32)
    is_required = np.array([w.required for w in words], dtype=bool)
    matched = np.bincount(doc[is_required[word]], minlength=coll.size).astype(np.int32)
    return score, matched, required


def _forward_df(coll: Collection, words: Sequence[QueryWord]) -> np.ndarray | None:
    """Per word and language, how many documents have the word (``_score``'s ``df``), from the
    forward index: for words that search one term in one language's title and body (feedback
    terms do); None for other words, or when a segment has no forward index."""
    forwards = [arrays.forward if arrays is not None else None for arrays in coll.arrays]
    if not words or any(forward is None for forward in forwards):
        return None
    keys, columns = [], []
    for word in words:
        langs = {field_language(name) for name in word.terms}
        terms = set(word.terms.values())
        if len(langs) != 1 or len(terms) != 1 or not langs <= set(coll.languages):
            return None
        if not all(name.rpartition("_")[0] in ("title", "body") for name in word.terms):
            return None
        (lang,), (term,) = langs, terms
        key = array_key(lang, term)  # the forward key
        if len(key) > MAX_KEY_BYTES:
            return None
        keys.append(key)
        columns.append(coll.languages.index(lang))
    searched = np.array(keys, dtype=f"S{MAX_KEY_BYTES}")
    df = np.zeros((len(words), len(coll.languages) + 1), dtype=np.int64)
    for forward in forwards:  # segments hold different documents: their counts add up
        df[np.arange(len(words)), columns] += forward.document_frequency(searched)
    return df


def _sum_by_word_and_doc(
    word: np.ndarray, doc: np.ndarray, values: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct ``(word, doc)`` pairs and the sum of their ``values`` (a word's postings in its
    several fields)."""
    if not len(doc):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float64)
    pair = word * size + doc
    order = sort_order(pair)
    pair = pair[order]
    starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
    sums = np.add.reduceat(values[order], starts, dtype=np.float64)
    first = order[starts]  # a posting of each pair: its word and document, read back without dividing
    return word[first], doc[first], sums


@dataclass
class _Norms:
    """Per field, ``boost / (1 - b + b * length / mean length)`` of every document: one row per field."""

    row: dict[str, int]
    matrix: np.ndarray


def _norms(coll: Collection, fieldboosts: Mapping[str, float], params: RankingParams) -> _Norms:
    """The BM25F length norms, computed once per collection, boosts and ``b`` (a long-lived
    searcher pays for them once)."""
    cache_key = (tuple(sorted(fieldboosts.items())), tuple(sorted(params.b.items())))
    cached = coll.norms_cache.get(cache_key)
    if cached is not None:
        return cached
    matrix = np.zeros((len(fieldboosts), coll.size), dtype=np.float32)
    for i, (name, boost) in enumerate(fieldboosts.items()):
        lengths = coll.lengths[name]
        used = lengths[lengths > 0]
        mean = float(used.mean()) if len(used) else 1.0
        b = params.b.get(name.rpartition("_")[0] or name, params.b.get(name, 0.75))
        matrix[i] = boost / (1.0 - b + b * lengths / mean)
    norms = coll.norms_cache[cache_key] = _Norms({name: i for i, name in enumerate(fieldboosts)}, matrix)
    return norms


def _top(docs: np.ndarray, scores: np.ndarray, complete: np.ndarray, limit: int | None) -> list[tuple[float, int]]:
    """The best ``limit`` documents: complete matches first, then by score, ties by docnum."""
    if not len(docs):
        return []
    key = scores.astype(np.float64) + complete * (float(scores.max()) + 1.0)
    if limit is not None and limit < len(docs):
        kth = np.partition(key, len(key) - limit)[len(key) - limit]
        chosen = np.flatnonzero(key >= kth)  # every tie at the cut, so the order never depends on limit
        docs, scores, key = docs[chosen], scores[chosen], key[chosen]
    order = np.lexsort((docs, -key))[:limit]
    return [(float(scores[i]), int(docs[i])) for i in order]


def collection(searcher: Searcher, fieldboosts: Mapping[str, float]) -> Collection:
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
    return Collection(languages, lang, lengths, live, offsets, arrays, set(fieldboosts), per_language)


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
class _Spans:
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
    def locate(cls, coll: Collection, pairs: Iterable[tuple[str, str]]) -> _Spans:
        pairs = list(dict.fromkeys(pairs))
        keys = [array_key(*pair) for pair in pairs]
        short = np.array([len(name) <= MAX_KEY_BYTES for name in keys], dtype=bool)
        searched = np.array([name for name, fits in zip(keys, short, strict=True) if fits], dtype=f"S{MAX_KEY_BYTES}")
        shape = (len(coll.offsets), len(pairs))
        starts, ends = np.zeros(shape, dtype=np.int64), np.zeros(shape, dtype=np.int64)
        on_arrays = np.zeros(shape, dtype=bool)
        for segment, ((reader, _), arrays) in enumerate(zip(coll.offsets, coll.arrays, strict=True)):
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

    def gather(self, coll: Collection, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The postings of the pairs numbered ``chosen`` (repeats allowed): per posting the position
        in ``chosen`` of its pair, its global document number and its term frequency. Each
        segment's arrays are read by one gather for all the spans (position k of span i is
        ``start_i + k``)."""
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for segment, ((reader, offset), arrays) in enumerate(zip(coll.offsets, coll.arrays, strict=True)):
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

    def documents(self, coll: Collection, pairs: Iterable[tuple[str, str]]) -> np.ndarray:
        """The global numbers of the documents having any of ``pairs`` (of this object's pairs;
        a document having several is listed once for each)."""
        return self.gather(coll, np.array([self.column[pair] for pair in pairs], dtype=np.int64))[1]

    def documents_of_each(self, coll: Collection) -> dict[tuple[str, str], np.ndarray]:
        """The global numbers of the documents having each pair, read by one gather for all of
        them (a 150-word query in the query language has a thousand field terms)."""
        which, ids, _ = self.gather(coll, np.arange(len(self.pairs), dtype=np.int64))
        order = sort_order(which)
        bounds = np.searchsorted(which[order], np.arange(len(self.pairs) + 1)).tolist()
        ids = ids[order]
        return {pair: ids[bounds[i] : bounds[i + 1]] for i, pair in enumerate(self.pairs)}


def may_have_all(coll: Collection, words: Sequence[QueryWord]) -> bool:
    """Whether some live document has every required word of ``words`` (in any of its fields):
    a cheap test, rarest word first, that lets a search skip an all-words pass that cannot match."""
    spans = _Spans.locate(coll, (pair for word in words for pair in word.terms.items()))
    counts = spans.counts()

    def frequency(word: QueryWord) -> int:
        return sum(int(counts[spans.column[pair]]) for pair in word.terms.items())

    candidates = None
    for word in sorted((word for word in words if word.required and word.terms), key=frequency):
        having = np.unique(spans.documents(coll, word.terms.items()))
        if not len(having):
            return False
        candidates = having if candidates is None else np.intersect1d(candidates, having, assume_unique=True)
        if not len(candidates):
            return False
    return candidates is None or bool(coll.live[candidates].any())


def match_mask(
    searcher: Searcher, query: Query, stats: Collection, deadline: Deadline | None = None
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
    spans = _Spans.locate(stats, pairs)
    matcher = _Matcher(searcher, stats, spans.documents_of_each(stats), deadline or Deadline(float("inf")))
    return matcher.match(query) & stats.live, matcher.cut > 0


def _ranked_term(query: Query, coll: Collection) -> tuple[str, str] | None:
    """``(field, term)`` of a term query in a ranked field (which the posting arrays answer)."""
    if isinstance(query, Term) and query.fieldname in coll.fields and isinstance(query.text, str):
        return query.fieldname, query.text
    return None


def _ranked_phrase(query: Query, coll: Collection) -> bool:
    """Whether ``query`` is a phrase in a ranked field: its candidates come from the posting arrays."""
    return isinstance(query, Phrase) and query.fieldname in coll.fields and bool(query.words)


@dataclass
class _Matcher:
    """``match_mask``'s walk of a query tree. Once the deadline has passed, the leaves Whoosh
    matches find only what they found so far (nothing, if not begun): ``cut`` counts them."""

    searcher: Searcher
    coll: Collection
    documents: dict[tuple[str, str], np.ndarray]
    deadline: Deadline
    cut: int = 0

    def match(self, query: Query) -> np.ndarray:
        size = self.coll.size
        pair = _ranked_term(query, self.coll)
        if pair is not None:
            mask = np.zeros(size, dtype=bool)
            mask[self.documents[pair]] = True
            return mask
        if _ranked_phrase(query, self.coll):
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
        mask = np.zeros(self.coll.size, dtype=bool)
        if self.cut:
            self.cut += 1
            return mask
        having = [self.documents[(query.fieldname, word)] for word in query.words]
        candidates = functools.reduce(np.intersect1d, having[1:], np.unique(having[0]))
        candidates = candidates[self.coll.live[candidates]]  # Whoosh's postings skip deleted documents
        bounds = [offset for _, offset in self.coll.offsets[1:]] + [self.coll.size]
        checked = 0
        for (reader, offset), end in zip(self.coll.offsets, bounds, strict=True):
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
        return np.ones(self.coll.size, dtype=bool) if self.cut > before else mask


def _in_sequence(positions: Sequence[Sequence[int]], slop: int) -> bool:
    """Whether some position of each word follows one of the word before by 1 to ``slop``
    positions (Whoosh's ``SpanNear2``, ordered, as its ``Phrase`` builds it)."""
    ends = positions[0]
    for following in positions[1:]:
        ends = [at for at in following if any(1 <= at - end <= slop for end in ends)]
        if not ends:
            return False
    return bool(ends)
