"""Decoding a Whoosh posting list into numpy arrays (document numbers, term frequencies).

Reads a block at a time (ids are delta-coded per block), instead of a posting at a time as
Whoosh's matchers do.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher, Matcher
from whoosh.matching.wrappers import FilterMatcher


def read_postings(matcher: Matcher) -> tuple[np.ndarray, np.ndarray]:
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
        ids = np.asarray(matcher._ids, dtype=np.int64)
        if matcher._weights is None:
            return ids, np.ones(len(ids), dtype=np.float32)
        return ids, np.asarray(matcher._weights, dtype=np.float32)
    pairs = [(matcher.id(), matcher.weight()) for _ in _drain(matcher)]
    return np.asarray([p[0] for p in pairs], dtype=np.int64), np.asarray([p[1] for p in pairs], dtype=np.float32)


def _drain(matcher: Matcher):
    while matcher.is_active():
        yield
        matcher.next()
