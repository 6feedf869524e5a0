"""Which script a letter, word or text is written in: the one home of the Cyrillic and Latin tests.

Cyrillic is the block U+0400-U+04FF (Russian, Ukrainian, Bulgarian, ...); Latin is everything up to
U+024F (ASCII and Latin with accents). ``UKRAINIAN_LETTERS`` are the Cyrillic letters Ukrainian
writes and Russian does not, the strongest single evidence between the two.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CYRILLIC_LETTERS = re.compile(r"[\u0400-\u04ff]")
LATIN_LETTERS = re.compile(r"[\x00-\u024f]")  # letters and everything else below U+0250: search letters only
UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")


def is_cyrillic_char(ch: str) -> bool:
    """Whether one character is Cyrillic.

    >>> is_cyrillic_char("ж"), is_cyrillic_char("z")
    (True, False)
    """
    return "\u0400" <= ch <= "\u04ff"


def starts_cyrillic(word: str) -> bool:
    """Whether ``word`` starts with a Cyrillic letter (a name word's script is its first letter's)."""
    return bool(word) and is_cyrillic_char(word[0])


def has_cyrillic(text: str) -> bool:
    """Whether any letter of ``text`` is Cyrillic."""
    return CYRILLIC_LETTERS.search(text) is not None


def mostly_cyrillic(text: str) -> bool:
    """Whether most letters of ``text`` are Cyrillic.

    >>> mostly_cyrillic("НАТО and Україна"), mostly_cyrillic("NATO і Ukraine")
    (True, False)
    """
    letters = [ch for ch in text if ch.isalpha()]
    return len(CYRILLIC_LETTERS.findall("".join(letters))) * 2 > len(letters)


@lru_cache(maxsize=4096)
def char_script(ch: str) -> str:
    """The Unicode script of a letter: ``LATIN``, ``CYRILLIC``, ``GREEK``, …"""
    if ch <= "\u024f":
        return "LATIN"
    if is_cyrillic_char(ch):
        return "CYRILLIC"
    return unicodedata.name(ch, "OTHER").split()[0]
