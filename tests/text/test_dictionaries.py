"""Which dictionaries know a word: in any case, with any apostrophe, names and tickers in none."""

from __future__ import annotations

import pytest

from searchsvc.text.dictionaries import known_by


@pytest.mark.parametrize(
    ("word", "languages"),
    [
        ("катастрофи", {"uk"}),
        ("катастрофы", {"ru"}),
        ("ЗАВОД", {"ru", "uk"}),
        ("з’явився", {"uk"}),  # typographic apostrophe, as in news text
        ("зʼявився", {"uk"}),
        ("Outlines", {"en"}),
        ("the", {"en"}),
        ("Vneshtorgbank", set()),
        ("zymotic", set()),  # in the spelling list, but never seen in running English
    ],
)
def test_known_by(word, languages):
    assert known_by(word) == languages
