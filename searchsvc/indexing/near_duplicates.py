"""Near-duplicate detection: MinHash over word shingles, LSH band keys, and group assignment.

Syndicated copies of one story (same text from two sources, small edits) share most of their
3-word shingles. Each article's MinHash signature is cut into bands; articles that share a band
key are candidates, and a candidate whose signature agrees on at least ``THRESHOLD`` of its
values (the estimated Jaccard similarity) puts the article in the candidate's group.

MinHash is the textbook scheme (as in ``datasketch``): each shingle hashed to 32 bits, then
``NUM_PERM`` universal hashes ``(a·h + b) mod p``, keeping the minimum of each. It is a few
lines of NumPy here because ``datasketch`` imports SciPy, which costs 0.7-1.4 s in every
reindex process and worker for nothing we use.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Bump when the signature of a text changes: indexes then rebuild in full (a test holds signatures to a digest).
NEAR_DUPLICATES_VERSION = 1
SHINGLE_WORDS = 3
MIN_WORDS = 20  # shorter texts (headlines) are too alike by chance to call duplicates
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.7
SEED = 1
_PRIME = np.uint64((1 << 61) - 1)
_LOW32 = np.uint64((1 << 32) - 1)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signature:
    """A MinHash signature (``NUM_PERM`` little-endian uint32) and its LSH band keys."""

    values: bytes
    bands: tuple[int, ...]


def shingles(text: str) -> set[str]:
    """The distinct ``SHINGLE_WORDS``-word shingles of ``text``, case-folded.

    >>> sorted(shingles("One two three, FOUR"))
    ['one two three', 'two three four']
    """
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> Signature | None:
    """The signature of an article body; None when it is too short to compare."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    values = minhash(shingles(text)).astype("<u4").tobytes()
    width = ROWS * 4
    return Signature(values, tuple(_band_key(i, values[i * width : (i + 1) * width]) for i in range(BANDS)))


def minhash(items: Iterable[str]) -> np.ndarray:
    """The ``NUM_PERM`` minimum hash values of a non-empty set of strings."""
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(item.encode("utf-8"), digest_size=4).digest(), "little") for item in items),
        dtype=np.uint64,
    )
    a, b = _permutations()
    with np.errstate(over="ignore"):  # products wrap modulo 2**64, as in datasketch: still well mixed
        permuted = np.bitwise_and((np.outer(hashes, a) + b) % _PRIME, _LOW32)
    return permuted.min(axis=0)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.RandomState(SEED)
    a = generator.randint(1, _PRIME, size=NUM_PERM, dtype=np.uint64)
    b = generator.randint(0, _PRIME, size=NUM_PERM, dtype=np.uint64)
    return a, b


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two signatures: the share of equal values."""
    first, second = memoryview(a).cast("I"), memoryview(b).cast("I")
    return sum(x == y for x, y in zip(first, second, strict=True)) / len(first)


def best_group(values: bytes, candidates: Iterable[tuple[str, bytes | None]]) -> str | None:
    """The group of the most similar candidate at or above ``THRESHOLD``, or None."""
    best, best_score = None, THRESHOLD
    for group_id, other in candidates:
        if other is None:
            continue
        score = similarity(values, other)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = group_id, score
    return best


def _band_key(band: int, chunk: bytes) -> int:
    digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(16, "little")).digest()
    return int.from_bytes(digest, "little", signed=True)  # SQLite integers are signed 64-bit
