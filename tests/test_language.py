"""Language identification: deterministic, and ``und`` rather than a guess."""

from __future__ import annotations

import pytest

from searchsvc.language import UNDETERMINED, detect


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("NATO members and Ukraine will step up their industrial cooperation this year.", "en"),
        ("Министр обороны заявил, что поставки вооружений будут увеличены.", "ru"),
        ("Міністр оборони заявив, що постачання озброєнь буде збільшено.", "uk"),
    ],
)
def test_detects(text, lang):
    assert detect(text).lang == lang


@pytest.mark.parametrize("text", ["", "ok", "12345 67890 !!!", "NATO"])
def test_too_little_text_is_undetermined(text):
    assert detect(text).lang == UNDETERMINED


def test_deterministic():
    text = "Stoltenberg Kyiv forum"
    assert len({detect(text) for _ in range(20)}) == 1
