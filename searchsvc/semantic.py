"""What an English text is about, as one vector: the ranking's evidence beyond shared words.

A static embedding model ships with the package (``models/minilm_static``): one 128-number vector
per word piece of an English vocabulary, distilled from the sentence encoder all-MiniLM-L6-v2 with
Model2Vec (``tools/distill_embeddings.py`` says how). A text's vector is the mean of its word
pieces' vectors, normalised: cheap enough to compute for every English article while indexing
(about a millisecond) and for every query. Texts in other languages get no vector: the
vocabulary is English, and a Cyrillic text would be a mean of single letters.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from .analysis import analysis_language

MODEL_DIR = Path(__file__).parent / "models" / "minilm_static"
MODEL_FILES = ("tokenizer.json", "embeddings.npy")
DIMENSIONS = 128
VECTOR_BYTES = DIMENSIONS * 2  # stored as float16
NO_VECTOR = bytes(VECTOR_BYTES)  # all zeros: the stored value of an article without one
MAX_PIECES = 512  # word pieces read from the start of a text, as the model was distilled with
_MAX_CHARS = MAX_PIECES * 8  # a text is cut before tokenizing: no need to split what is dropped
LANGUAGE = "en"


class _Model:
    """The word-piece tokenizer and the vectors of its pieces."""

    def __init__(self, folder: Path) -> None:
        tokenizer_file, vectors_file = (folder / name for name in MODEL_FILES)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_PIECES)
        self.unknown = self.tokenizer.token_to_id("[UNK]")
        self.vectors = np.load(vectors_file)


@functools.cache
def _model() -> _Model:
    return _Model(MODEL_DIR)


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length float32 row per text (all zeros for a text without known word pieces)."""
    model = _model()
    encodings = model.tokenizer.encode_batch([text[:_MAX_CHARS] for text in texts], add_special_tokens=False)
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for row, encoding in zip(out, encodings, strict=True):
        ids = [i for i in encoding.ids if i != model.unknown]
        if ids:
            mean = model.vectors[ids].astype(np.float32).mean(axis=0)
            row[:] = mean / (np.linalg.norm(mean) or 1.0)
    return out


def article_vector(lang: str, title: str, body: str) -> bytes:
    """The stored vector of an article (``NO_VECTOR`` unless it is in English)."""
    if lang != LANGUAGE:
        return NO_VECTOR
    return embed([f"{title}. {body}" if title else body])[0].astype(np.float16).tobytes()


def query_vector(text: str) -> np.ndarray | None:
    """The vector of a query written in Latin letters (None for other queries and empty ones)."""
    if not any(ch.isalpha() for ch in text) or analysis_language("und", text) != LANGUAGE:
        return None
    vector = embed([text])[0]
    return vector if vector.any() else None


def similarities(stored: Sequence[bytes], query: np.ndarray) -> np.ndarray:
    """Cosine of ``query`` with each stored vector; NaN where an article has none."""
    if not stored:
        return np.empty(0, dtype=np.float32)
    vectors = np.frombuffer(b"".join(stored), dtype=np.float16).reshape(len(stored), DIMENSIONS)
    cosines = vectors.astype(np.float32) @ query
    cosines[~vectors.any(axis=1)] = np.nan
    return cosines
