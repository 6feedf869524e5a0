"""Seeded random documents: whatever the input, ``clean`` returns a well-formed article, never raises."""

from __future__ import annotations

import random
import re

import pytest

from searchsvc.clean.article import clean
from searchsvc.ingest.files import RawDocument

PIECES = [
    "NATO", "said", "заявил", "сказав", "Зеленський", "Zelenskyy", "the", "і", "ы", "—", "«", "»", "“", "”",
    "(Getty Images)", "Share", "Comments", "2 months ago 10", "29 Sep. 2023", "2023-13-45", "31.02.2020",
    "<p>", "</p>", "<script>", "<!--", "&amp;", "&#8216;", "\u00a0", "\t", "\ufeff", "\u200b", "ʼ", "’",
    "http://example.org/x?y=1", "a@b.c", "|", "•", "...", "…", "!!!", "?", "😀", "中文", "עברית", "\x0b",
    "Author:", "By", "date", "Last updated:", "Read more with", "says:", "he said", "по словам", "за словами",
]  # fmt: skip


ALPHABETS = ["abcdefghijklmnopqrstuvwxyz", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"]


def _document(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(0, 40)):
        words = [rng.choice(PIECES) if rng.random() < 0.5 else _word(rng) for _ in range(rng.randint(0, 30))]
        lines.append(" ".join(words) + rng.choice(["", ".", ",", ":", "?"]))
    return "\n".join(lines)


def _word(rng: random.Random) -> str:
    alphabet = rng.choice(ALPHABETS)
    word = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
    return word.capitalize() if rng.random() < 0.3 else word.upper() if rng.random() < 0.1 else word


@pytest.mark.parametrize("media_type", ["text/plain", "text/html"])
def test_random_documents_clean_to_well_formed_articles(media_type):
    rng = random.Random(20261202)
    for i in range(80):
        text = _document(rng)
        if media_type == "text/html":
            text = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>"
        article = clean(RawDocument(f"f{i}", f"f{i}", media_type, text, "utf-8"))
        assert isinstance(article.title, str) and isinstance(article.body, str)
        assert article.published is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", article.published)
        assert re.fullmatch(r"[a-z]{2,3}", article.lang)
        assert all(isinstance(name, str) and name for name in article.speakers)
        assert "\n\n\n" not in article.body and article.body == article.body.strip()
