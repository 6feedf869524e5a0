"""Dictionaries of the primary languages: which of them know a word.

Evidence for telling languages apart on texts too short for letter n-grams (a headline): a word only
the Ukrainian dictionary knows (``вимерли``, ``катастрофи``) is seldom Russian, and a headline of
words an English word list knows is seldom German. Russian and Ukrainian come from ``pymorphy3``'s
dictionaries (every inflected form), English from ``pyspellchecker``'s word-frequency list. Look-ups
are cached per word: pymorphy takes microseconds a call, and headlines repeat their words.
"""

from __future__ import annotations

from functools import cache, lru_cache

from searchsvc.text.scripts import has_cyrillic

# pyspellchecker's list gives words only its spelling dictionary had (no corpus count) the count 50;
# from 100 on a word was seen in running English, which keeps out rare and foreign entries (``berliner``).
MIN_ENGLISH_COUNT = 100
_APOSTROPHES = str.maketrans("’ʼ", "''")  # pymorphy's Ukrainian dictionary writes the ASCII one


def spelled(word: str) -> str:
    """``word`` as the dictionaries spell it: lower case, ASCII apostrophes.

    >>> spelled("М’ЯСО")
    "м'ясо"
    """
    return word.lower().translate(_APOSTROPHES)


@lru_cache(maxsize=1 << 16)
def known_by(word: str) -> frozenset[str]:
    """The languages of ``LANGUAGES`` whose dictionary knows ``word`` (in any case).

    >>> sorted(known_by("Крок")), sorted(known_by("показал")), sorted(known_by("суд"))
    (['uk'], ['ru'], ['ru', 'uk'])
    >>> sorted(known_by("LOSSES")), sorted(known_by("Vneshtorgbank"))
    (['en'], [])
    """
    word = spelled(word)
    found = {"en"} if word in _english() else set()
    if has_cyrillic(word):
        found.update(code for code in ("ru", "uk") if analyzer(code).word_is_known(word))
    return frozenset(found)


@cache
def analyzer(lang: str):
    """pymorphy3's analyser for ``ru`` or ``uk``, loaded once per process (it is read-only)."""
    import pymorphy3  # loading the dictionaries takes a while: only when first needed

    return pymorphy3.MorphAnalyzer(lang=lang)


@cache
def _english() -> frozenset[str]:
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", case_sensitive=False).word_frequency.dictionary
    return frozenset(word for word, count in counts.items() if count >= MIN_ENGLISH_COUNT)
