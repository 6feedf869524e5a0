"""Pseudo-relevance feedback: RM3's relevance model from the first pass's best documents.

The terms come from each feedback document's title and body as its language's fields indexed them,
read from the forward index (``posting_arrays.Forward``); ``bm25f`` searches them as optional words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from whoosh.searching import Searcher

from searchsvc.analysis.analyzers import index_terms
from searchsvc.indexing.index_stats import IndexStats
from searchsvc.indexing.posting_arrays import split_key


def expansion_terms(
    searcher: Searcher,
    stats: IndexStats,
    first: list[tuple[float, int]],
    limit: int,
    temperature: float | None,
) -> list[tuple[str, str, float]]:
    """RM3's relevance model: the ``limit`` heaviest ``(language, term, weight)`` of
    ``sum over the documents of first of P(d | q) * P(t | d)``, best first.

    ``P(d | q)`` comes from ``feedback_shares``; ``P(t | d)`` from the document's title and body
    terms as its language's fields indexed them, read from the forward index (``posting_arrays.Forward``),
    or re-analysed from the stored text where a segment was written without one.
    """
    shares = feedback_shares([score for score, _ in first], temperature)
    with_text = [stats.lang[docnum] < len(stats.languages) for _, docnum in first]
    docs = [(share, docnum) for share, (_, docnum), text in zip(shares, first, with_text, strict=True) if text]
    forward = [_forward_counts(stats, docnum) for _, docnum in docs]
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
            lang = stats.languages[int(stats.lang[docnum])]
            stored = searcher.stored_fields(docnum)
            analysed = index_terms(lang, f"{stored.get('title', '')}\n{stored.get('body', '')}")
            per_term = share / len(analysed) if analysed else 0.0
            for term, count in Counter(analysed).items():
                by_term[(lang, term)] = by_term.get((lang, term), 0.0) + count * per_term
        pairs = list(by_term)
        weights = np.array(list(by_term.values()), dtype=np.float64)
        term_at = pairs.__getitem__
    return _best_terms(weights, term_at, limit)


def _forward_counts(stats: IndexStats, docnum: int) -> tuple[np.ndarray, np.ndarray] | None:
    """A document's distinct ``language + separator + term`` keys and their counts in its title and
    body, from its segment's forward index; None when the segment has none."""
    segment = 0
    while segment + 1 < len(stats.offsets) and stats.offsets[segment + 1][1] <= docnum:
        segment += 1
    arrays = stats.arrays[segment]
    if arrays is None or arrays.forward is None:
        return None
    return arrays.forward.term_counts(docnum - stats.offsets[segment][1])


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
