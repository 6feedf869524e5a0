"""What an English text is about, as one vector: the ranking's evidence beyond shared words.

A static embedding model ships with the package (``models/minilm_static``): one 128-number vector
per word piece of an English vocabulary, distilled from the sentence encoder all-MiniLM-L6-v2 with
Model2Vec (``tools/distill_embeddings.py`` says how). A text's vector is the mean of its word
pieces' vectors, normalised: a tenth of a millisecond for an article, so the ranking embeds the
few articles it reorders when it needs them, and indexing pays nothing. Texts in other languages
get no vector: the vocabulary is English, and a Cyrillic text would be a mean of single letters.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from searchsvc.analysis.analyzers import analysis_language

MODEL_DIR = Path(__file__).parent / "models" / "minilm_static"
DIMENSIONS = 128
MAX_PIECES = 512  # word pieces read from the start of a text, as the model was distilled with
_MAX_CHARS = MAX_PIECES * 8  # a text is cut before tokenizing: no need to split what is dropped
_CACHED_CHUNKS = 100_000
LANGUAGE = "en"


class _Model:
    """The word-piece tokenizer and the vectors of its pieces."""

    def __init__(self, folder: Path) -> None:
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_PIECES)
        self.unknown = self.tokenizer.token_to_id("[UNK]")
        self.vectors = np.load(folder / "embeddings.npy")


@functools.cache
def _model() -> _Model:
    return _Model(MODEL_DIR)


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length float32 row per text (all zeros for a text without known word pieces)."""
    model = _model()
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for row, text in zip(out, texts, strict=True):
        ids = np.array(_pieces(text), dtype=np.int64)
        ids = ids[ids != model.unknown]
        if len(ids):
            total = model.vectors[ids].sum(axis=0, dtype=np.float32)
            row[:] = total / (np.linalg.norm(total) or 1.0)
    return out


def _pieces(text: str) -> list[int]:
    """The first ``MAX_PIECES`` word pieces of ``text``, as the tokenizer splits the whole text.

    The tokenizer's first step splits at white space, so each white-space-separated chunk is split
    on its own, and the pieces of a chunk seen before are remembered: five times faster than
    tokenizing every text whole, which matters when every query embeds its best articles."""
    chunks = text[:_MAX_CHARS].lower().split()[:MAX_PIECES]  # a chunk is one piece or more
    return list(itertools.chain.from_iterable(map(_chunk_pieces, chunks)))[:MAX_PIECES]


@functools.lru_cache(maxsize=_CACHED_CHUNKS)
def _chunk_pieces(chunk: str) -> tuple[int, ...]:
    return tuple(_model().tokenizer.encode(chunk, add_special_tokens=False).ids)


def query_vector(text: str) -> np.ndarray | None:
    """The vector of a query written in Latin letters (None for other queries and empty ones)."""
    if not any(ch.isalpha() for ch in text) or analysis_language("und", text) != LANGUAGE:
        return None
    vector = embed([text])[0]
    return vector if vector.any() else None


def article_vectors(articles: Sequence[tuple[str, str, str]]) -> np.ndarray:
    """The vectors of ``(lang, title, body)`` articles, one row each: zeros unless in English."""
    english = [i for i, (lang, _, _) in enumerate(articles) if lang == LANGUAGE]
    out = np.zeros((len(articles), DIMENSIONS), dtype=np.float32)
    out[english] = embed([f"{title}. {body}" if title else body for _, title, body in (articles[i] for i in english)])
    return out


def similarities(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Cosine of ``query`` with each row of ``vectors``; NaN for a row of zeros (no vector)."""
    return np.where(vectors.any(axis=1), vectors @ query, np.nan)
