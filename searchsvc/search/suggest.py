"""Did you mean: a respelling of the query's rare words that finds clearly more documents.

Suggestions come from the unstemmed ``spell`` field (a stemmed field would suggest stems).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh.searching import Searcher

from searchsvc.analysis.analyzers import is_stop_word

SPELL_FIELD = "spell"
RARE = 3  # a word in fewer documents than this may be misspelt
GAIN = 3  # a suggestion must find at least this many times more documents
LITTLE = 5  # only a query finding fewer documents than this gets a suggestion
_WORD = re.compile(r"^[^\W\d_]{3,}$")
_OPERATORS = {"AND", "OR", "NOT"}


def suggest(searcher: Searcher, text: str, found: int, count: Callable[[str], int]) -> str | None:
    """A corrected ``text`` when it finds clearly more than ``found`` documents, else None."""
    if found >= LITTLE or SPELL_FIELD not in searcher.schema:
        return None
    reader = searcher.reader()
    corrector = searcher.corrector(SPELL_FIELD)
    words = text.split()
    changed = False
    for i, word in enumerate(words):
        if word in _OPERATORS or not _WORD.match(word) or is_stop_word(word):
            continue  # the vocabulary has no stop words: one would look misspelt
        lower = word.lower()
        if reader.doc_frequency(SPELL_FIELD, lower) >= RARE:
            continue
        options = corrector.suggest(lower, limit=3, maxdist=2, prefix=1)
        best = max(options, key=lambda w: reader.doc_frequency(SPELL_FIELD, w), default=None)
        if best and reader.doc_frequency(SPELL_FIELD, best) > reader.doc_frequency(SPELL_FIELD, lower):
            words[i], changed = best, True
    if not changed:
        return None
    corrected = " ".join(words)
    return corrected if count(corrected) >= max(1, GAIN * found) else None
