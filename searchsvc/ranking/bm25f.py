"""Ranking: BM25F over the per-language fields, scored with numpy.

A query's words are analysed by every language's analyzer (``title_en``, ``body_ru``, ...). For a
document of language L each word gets a BM25F pseudo term frequency, the boost-weighted sum over
L's title and body fields and the speakers field of ``tf / (1 - b + b * length / mean length)``,
saturated with ``k1`` and weighted by the word's IDF among L's documents (each language is its own
collection, so a rare English word in a Russian text is not over-weighted).

Documents having every word come first, then the best partial matches, so a query that matches
anything never gets an empty page; a verbose query (a question of five words or more) drops its
request words ("papers", "describe") and ranks by score alone. Pseudo-relevance feedback (RM3,
``rm3``) reorders the matches. Whoosh stays the index of record; its postings are read from
per-segment numpy arrays (``index_stats.Spans``), which keeps long queries fast where Whoosh's
matchers would score every posting in Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from whoosh.query import Or, Query, Term
from whoosh.searching import Searcher

from searchsvc.indexing.index_stats import IndexStats, Spans, index_stats
from searchsvc.indexing.posting_arrays import MAX_KEY_BYTES, sort_order
from searchsvc.indexing.posting_arrays import key as array_key
from searchsvc.indexing.schema import ALL_LANGUAGES, CROSS_SCRIPT, field_group, field_language

from .meaning import DIMENSIONS, article_vectors, similarities
from .request_words import is_request_word
from .rm3 import expansion_terms

MEANINGS_KEPT = 20_000  # article vectors a searcher keeps (128 floats each)


@dataclass(frozen=True)
class RankingParams:
    """The ranking's constants, each chosen by measurement (``bench/EXPERIMENTS.md``).

    - BM25F: saturation ``k1``, length normalisation ``b`` per logical field, and ``max_df``.
    - RM3 feedback: the best ``feedback_terms`` terms of the top ``feedback_docs`` documents, each
      document weighted ``exp(score / feedback_temperature)``, together weighing ``feedback_weight``
      against the query's own words, for queries of at least ``feedback_min_words`` words.
    - Verbose queries, from ``verbose_words`` words as typed (stop words included, when the caller
      gives ``typed``: a query phrased as a sentence is a question, not keywords): their request
      words are dropped (``request_words``), and documents having all their words are not put first,
      since having every word of a long question is more chance than evidence.
    - Meaning: the best ``semantic_candidates`` are reordered by their scores mixed with
      ``semantic_weight`` of their similarity to the query's meaning vector (``meaning``).
    """

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
    semantic_weight: float = 0.1  # 0: no article is embedded
    semantic_candidates: int = 20


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


def query_words(searcher: Searcher, text: str, fields: Sequence[str]) -> list[QueryWord]:
    """The distinct words of ``text`` with their term in each field.

    A word's terms are lined up by where the word starts in ``text`` (each analyzer numbers its
    positions past its own stop words). A stop word of every language's fields is no word, although
    the speakers field (names) keeps every word; one that some language keeps (Ukrainian ``том``, a
    volume, is a Russian stop word) is a word of that language's fields. A word an analyzer reads in
    several ways (a name's keys, ``name_keys``) searches the reading most documents of that field have.
    """
    by_start: dict[int, dict[str, str]] = {}
    analyses: list[tuple[object, dict[int, str]]] = []
    for name in fields:
        analyzer = searcher.schema[name].analyzer
        terms = next((done for seen, done in analyses if seen == analyzer), None)
        if terms is None:
            terms = {}
            for token in analyzer(text, chars=True, removestops=False, mode="query"):
                if token.stopped or not token.text:
                    continue
                seen = terms.get(token.startchar)  # alternatives of one word: the one most documents have
                if seen is None or searcher.doc_frequency(name, token.text) > searcher.doc_frequency(name, seen):
                    terms[token.startchar] = token.text
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


@dataclass(frozen=True)
class ScoringRequest:
    """What ``score_documents`` scores: the query's words in the fields of ``field_boosts``.

    ``matches`` (a boolean mask over document numbers) replaces "any word" as the set of matches,
    for a query in the query language that Whoosh matched; ``allowed`` (the filters) narrows the
    set. ``typed`` is how many words the query had as typed (``count_words``; default: ``len(words)``).
    ``meaning`` is the query's vector (``meaning.query_vector``), which reorders the top.
    """

    words: Sequence[QueryWord]
    field_boosts: Mapping[str, float]
    params: RankingParams | None = None  # None: the measured defaults
    matches: np.ndarray | None = None
    allowed: np.ndarray | None = None
    typed: int | None = None
    meaning: np.ndarray | None = None


@dataclass
class RankingCache:
    """What ranking computes once per open searcher and reuses across its requests: the BM25F length
    norms (per field boosts and ``b``) and articles' meaning vectors (the latest ``MEANINGS_KEPT``).
    The snapshot that owns the searcher owns its cache."""

    norms: dict[tuple, _Norms] = field(default_factory=dict)
    meanings: dict[int, np.ndarray] = field(default_factory=dict)


def score_documents(
    searcher: Searcher, request: ScoringRequest, stats: IndexStats | None = None, cache: RankingCache | None = None
) -> Scored:
    """Score the documents that match any of the request's words with BM25F (and RM3 feedback).

    ``stats`` and ``cache`` belong to ``searcher`` when it lives across requests; without them they
    are made for this call.
    """
    params, boosts, words = request.params or RankingParams(), request.field_boosts, request.words
    verbose = params.verbose_words is not None and _typed(request) >= params.verbose_words
    if verbose:
        words = without_request_words(words)
    if stats is None or stats.fields != set(boosts):
        stats = index_stats(searcher, boosts)
    cache = cache or RankingCache()
    norms = _norms(stats, boosts, params, cache)
    score, matched, written, required = _score(stats, words, norms, params)
    keep = (matched > 0) if request.matches is None else request.matches.copy()
    keep &= stats.live
    if request.allowed is not None:
        keep &= request.allowed
    docs = np.flatnonzero(keep)
    if params.feedback_terms and len(words) >= params.feedback_min_words and len(docs):
        first = _top(docs, score[docs], np.zeros(len(docs), dtype=bool), params.feedback_docs)
        expansion = feedback_words(searcher, stats, first, boosts, params)
        if expansion:  # scores are linear in the word weights: rescale the first pass, add the expansion's
            added, *_ = _score(stats, expansion, norms, params, within=keep)
            own = sum(word.weight for word in words) or 1.0
            score = (1 - params.feedback_weight) / own * score + added
    complete = written[docs] >= required[stats.lang[docs]] if not verbose else np.zeros(len(docs), dtype=bool)
    if params.only_complete and complete.any():
        docs, complete = docs[complete], complete[complete]
    scores = score[docs]
    if request.meaning is not None and params.semantic_weight:
        scores = _with_meaning(searcher, stats, cache, docs, scores, complete, request.meaning, params)
    terms = [Term(name, term) for word in words for name, term in word.terms.items()]
    return Scored(docs, scores, complete, Or(terms))


def _typed(request: ScoringRequest) -> int:
    return len(request.words) if request.typed is None else request.typed


def _with_meaning(
    searcher: Searcher,
    stats: IndexStats,
    cache: RankingCache,
    docs: np.ndarray,
    scores: np.ndarray,
    complete: np.ndarray,
    meaning: np.ndarray,
    params: RankingParams,
) -> np.ndarray:
    """``scores`` with the best ``semantic_candidates`` documents reordered by
    ``(1 - w) * score + w * similarity`` (``w`` is ``semantic_weight``), both scaled to 0..1 over
    the candidates: a mix of a lexical and a dense ranking, as hybrid search does. The candidates
    are embedded from their stored text (``meaning``); one without a vector (not in English)
    counts its scaled score as its similarity. The mix is mapped back onto the candidates' score
    range, among documents with every word and among the others apart, so the candidates stay
    above everything they were above."""
    best = _top(docs, scores, complete, params.semantic_candidates)
    at = np.searchsorted(docs, np.array([docnum for _, docnum in best], dtype=docs.dtype))
    similarity = similarities(_article_vectors(searcher, cache, docs[at].tolist()), meaning)
    out = scores.copy()
    for group in (True, False):
        chosen = complete[at] == group
        where, own, near = at[chosen], scores[at[chosen]], similarity[chosen]
        if len(where) < 2:
            continue
        low, span = float(own.min()), float(own.max() - own.min())
        lexical = (own - low) / span if span > 0 else np.zeros(len(own))
        known = ~np.isnan(near)
        dense = lexical.copy()
        if known.sum() >= 2 and np.ptp(near[known]) > 0:
            dense[known] = (near[known] - near[known].min()) / np.ptp(near[known])
        mixed = (1 - params.semantic_weight) * lexical + params.semantic_weight * dense
        out[where] = low + (span if span > 0 else 1.0) * mixed
    return out


def _article_vectors(searcher: Searcher, cache: RankingCache, docnums: list[int]) -> np.ndarray:
    """The meaning vectors of ``docnums``, embedded from their stored text once per searcher (its
    cache keeps the latest ``MEANINGS_KEPT``: an article of a popular topic is asked often)."""
    kept = cache.meanings
    missing = [docnum for docnum in docnums if docnum not in kept]
    if missing:
        if len(kept) + len(missing) > MEANINGS_KEPT:
            kept.clear()
        stored = [searcher.stored_fields(docnum) for docnum in missing]
        fresh = article_vectors([(f.get("lang", ""), f.get("title", ""), f.get("body", "")) for f in stored])
        kept.update(zip(missing, fresh, strict=True))
    return np.array([kept[docnum] for docnum in docnums], dtype=np.float32).reshape(len(docnums), DIMENSIONS)


def without_request_words(words: Sequence[QueryWord]) -> Sequence[QueryWord]:
    """The words of a verbose query without its request words (``request_words``), never all of them."""
    return [word for word in words if not is_request_word(word.terms)] or words


def rank(searcher: Searcher, request: ScoringRequest, limit: int | None, stats: IndexStats | None = None) -> Ranked:
    """The top ``limit`` documents for the request (see ``score_documents``) and how many match."""
    scored = score_documents(searcher, request, stats)
    return Ranked(scored.best(limit), len(scored.docs), scored.query)


def feedback_words(
    searcher: Searcher,
    stats: IndexStats,
    first: list[tuple[float, int]],
    fieldboosts: Mapping[str, float],
    params: RankingParams,
) -> list[QueryWord]:
    """RM3 expansion words (``feedback.expansion_terms`` of the ``first`` documents), each searched
    in its language's title and body, together weighing ``feedback_weight`` of the query's weight."""
    best = expansion_terms(searcher, stats, first, params.feedback_terms, params.feedback_temperature)
    extra = sum(weight for _, _, weight in best) or 1.0
    words = []
    for lang, term, weight in best:
        fields = {name: term for name in (f"title_{lang}", f"body_{lang}") if name in fieldboosts}
        words.append(QueryWord(fields, params.feedback_weight * weight / extra, required=False))
    return words


def _score(
    stats: IndexStats,
    words: Sequence[QueryWord],
    norms: _Norms,
    params: RankingParams,
    within: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """BM25F scores, the number of words each document matched, of those it has as written (not only
    as a name in the other script, ``_Postings.as_written``), and words required per language.

    Every word is scored in one pass over all its postings: a handful of numpy calls per query
    rather than per word, which is what a query of forty words (with its feedback terms) costs.
    With ``within`` (a mask), only those documents' scores are wanted: when the forward index
    knows the words' document frequencies, the other documents' postings are dropped unread."""
    postings = _gather_postings(stats, words, params)
    known_df = _forward_df(stats, words) if within is not None and postings.every_pair_read else None
    if known_df is not None:
        postings = postings.within(within)
    written = postings.as_written()
    required = _required_per_language(stats, words, written)
    word, doc, pseudo = _pseudo_frequencies(postings, norms, stats.size)
    idf = _idf(stats, len(words), word, doc, known_df)
    weight = np.array([w.weight for w in words], dtype=np.float64)
    k1 = params.k1
    gain = weight[word] * idf[word, stats.lang[doc]] * pseudo * (k1 + 1) / (k1 + pseudo)
    score = np.bincount(doc, weights=gain, minlength=stats.size).astype(np.float32)
    is_required = np.array([w.required for w in words], dtype=bool)
    matched = np.bincount(doc[is_required[word]], minlength=stats.size).astype(np.int32)
    if written is not postings:  # a word matched only in the other script's keys is not one the document has
        word, doc, _ = _sum_by_word_and_doc(written.word_of_pair[written.pair], written.doc, written.tf, stats.size)
        return score, matched, np.bincount(doc[is_required[word]], minlength=stats.size).astype(np.int32), required
    return score, matched, matched, required


@dataclass
class _Postings:
    """A query's postings: its ``(field, term)`` pairs (each of one word, ``word_of_pair``) and, per
    posting read, the pair it belongs to, its document and its term frequency."""

    pairs: list[tuple[str, str]]
    word_of_pair: np.ndarray
    read: np.ndarray  # per pair: whether its postings were read (it has some, and is rarer than max_df)
    every_pair_read: bool  # no pair was skipped as too common, so the postings count each word's documents
    pair: np.ndarray
    doc: np.ndarray
    tf: np.ndarray

    def within(self, mask: np.ndarray) -> _Postings:
        """Only the postings of documents in ``mask``."""
        inside = mask[self.doc]
        return replace(self, pair=self.pair[inside], doc=self.doc[inside], tf=self.tf[inside])

    def language(self, pair: int) -> str:
        return field_language(self.pairs[pair][0])

    def as_written(self) -> _Postings:
        """Only the postings of words as written, without those of the other script's name keys
        (``CROSS_SCRIPT``); ``self`` when it has none."""
        crossing = np.array([field_group(name) == CROSS_SCRIPT for name, _ in self.pairs], dtype=bool)
        if not crossing.any() or not crossing[self.pair].any():
            return self
        kept = ~crossing[self.pair]
        return replace(self, read=self.read & ~crossing, pair=self.pair[kept], doc=self.doc[kept], tf=self.tf[kept])


def _gather_postings(stats: IndexStats, words: Sequence[QueryWord], params: RankingParams) -> _Postings:
    """The postings of every pair of ``words`` from the posting arrays, leaving out pairs in more than
    ``max_df`` of their language's documents (as common as a stop word: worth little)."""
    pairs = [(name, term) for word in words for name, term in word.terms.items()]
    word_of_pair = np.array([i for i, word in enumerate(words) for _ in word.terms], dtype=np.int64)
    ndocs = stats.documents_per_language
    limit = {lang: params.max_df * ndocs[i] for i, lang in enumerate(stats.languages)}
    most = np.array([limit.get(field_language(name), np.inf) for name, _ in pairs], dtype=np.float64)
    spans = Spans.locate(stats, pairs)
    column = np.array([spans.column[pair] for pair in pairs], dtype=np.int64)
    counts = spans.counts()[column]
    read = (counts > 0) & (counts <= most)
    which, docs, tfs = spans.gather(stats, column[read])
    every_pair_read = bool(np.all(read | (counts == 0)))
    return _Postings(pairs, word_of_pair, read, every_pair_read, np.flatnonzero(read)[which], docs, tfs)


def _required_per_language(stats: IndexStats, words: Sequence[QueryWord], postings: _Postings) -> np.ndarray:
    """Per document language (the last entry: documents without text), how many required words a
    document must match to have every word: those with postings read in that language's fields (or
    in a field of every language), and at least one."""
    nlang = len(stats.languages)
    required = np.zeros(nlang + 1, dtype=np.int32)
    required[nlang] = 1 << 30  # documents without text never match every word
    langs_of_word: dict[int, set[str]] = {}
    for i in np.flatnonzero(postings.read).tolist():
        langs_of_word.setdefault(int(postings.word_of_pair[i]), set()).add(postings.language(i))
    for i, word in enumerate(words):
        if word.required:
            langs = langs_of_word.get(i, set())
            required[[j for j, lang in enumerate(stats.languages) if lang in langs or ALL_LANGUAGES in langs]] += 1
    return np.maximum(required, 1)  # a language none of the words is written in: none of its documents has them all


def _pseudo_frequencies(postings: _Postings, norms: _Norms, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BM25F's pseudo term frequency of each ``(word, document)``: the sum over the word's fields of
    ``boost * tf / (1 - b + b * length / mean length)``, as ``(word, doc, pseudo)`` arrays."""
    field_of_pair = np.array([norms.row[name] for name, _ in postings.pairs], dtype=np.int64)
    values = postings.tf * norms.matrix[field_of_pair[postings.pair], postings.doc]
    return _sum_by_word_and_doc(postings.word_of_pair[postings.pair], postings.doc, values, size)


def _idf(stats: IndexStats, nwords: int, word: np.ndarray, doc: np.ndarray, known_df: np.ndarray | None) -> np.ndarray:
    """Per word and document language, ``log(1 + (N - df + 0.5) / (df + 0.5))`` among that language's
    documents; the last column (documents without text) is 0. ``df`` is counted from the postings
    unless the forward index gave it (``known_df``)."""
    nlang = len(stats.languages)
    df = known_df
    if df is None:
        cell = word * (nlang + 1) + stats.lang[doc]
        df = np.bincount(cell, minlength=nwords * (nlang + 1)).reshape(-1, nlang + 1)
    ndocs = stats.documents_per_language
    idf = np.zeros((nwords, nlang + 1))
    idf[:, :nlang] = np.log1p((ndocs - df[:, :nlang] + 0.5) / (df[:, :nlang] + 0.5))
    return idf


def _forward_df(stats: IndexStats, words: Sequence[QueryWord]) -> np.ndarray | None:
    """Per word and language, how many documents have the word (``_score``'s ``df``), from the
    forward index: for words that search one term in one language's title and body (feedback
    terms do); None for other words, or when a segment has no forward index."""
    forwards = [arrays.forward if arrays is not None else None for arrays in stats.arrays]
    if not words or any(forward is None for forward in forwards):
        return None
    keys, columns = [], []
    for word in words:
        langs = {field_language(name) for name in word.terms}
        terms = set(word.terms.values())
        if len(langs) != 1 or len(terms) != 1 or not langs <= set(stats.languages):
            return None
        if not all(field_group(name) in ("title", "body") for name in word.terms):
            return None
        (lang,), (term,) = langs, terms
        key = array_key(lang, term)  # the forward key
        if len(key) > MAX_KEY_BYTES:
            return None
        keys.append(key)
        columns.append(stats.languages.index(lang))
    searched = np.array(keys, dtype=f"S{MAX_KEY_BYTES}")
    df = np.zeros((len(words), len(stats.languages) + 1), dtype=np.int64)
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


def _norms(stats: IndexStats, fieldboosts: Mapping[str, float], params: RankingParams, cache: RankingCache) -> _Norms:
    """The BM25F length norms, computed once per searcher, boosts and ``b`` (a long-lived searcher
    pays for them once)."""
    cache_key = (tuple(sorted(fieldboosts.items())), tuple(sorted(params.b.items())))
    cached = cache.norms.get(cache_key)
    if cached is not None:
        return cached
    matrix = np.zeros((len(fieldboosts), stats.size), dtype=np.float32)
    for i, (name, boost) in enumerate(fieldboosts.items()):
        lengths = stats.lengths[name]
        used = lengths[lengths > 0]
        mean = float(used.mean()) if len(used) else 1.0
        b = params.b.get(field_group(name), params.b.get(name, 0.75))
        matrix[i] = boost / (1.0 - b + b * lengths / mean)
    norms = cache.norms[cache_key] = _Norms({name: i for i, name in enumerate(fieldboosts)}, matrix)
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


def may_have_all(stats: IndexStats, words: Sequence[QueryWord]) -> bool:
    """Whether some live document has every required word of ``words`` (in any of its fields):
    a cheap test, rarest word first, that lets a search skip an all-words pass that cannot match."""
    spans = Spans.locate(stats, (pair for word in words for pair in word.terms.items()))
    counts = spans.counts()

    def frequency(word: QueryWord) -> int:
        return sum(int(counts[spans.column[pair]]) for pair in word.terms.items())

    candidates = None
    for word in sorted((word for word in words if word.required and word.terms), key=frequency):
        having = np.unique(spans.documents(stats, word.terms.items()))
        if not len(having):
            return False
        candidates = having if candidates is None else np.intersect1d(candidates, having, assume_unique=True)
        if not len(candidates):
            return False
    return candidates is None or bool(stats.live[candidates].any())
