"""Whoosh analyzers: how text becomes index terms.

Small factory functions chaining a tokenizer and filters (Whoosh's own style). Every field that
holds prose uses ``text_analyzer``; names use ``name_analyzer``, which never stems, so that
``Stoltenberg`` and ``Stoltenbergs`` stay apart and a name is matched as written.
"""

from __future__ import annotations

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

# Words are runs of letters and digits; apostrophes of every kind join a word (``Ukraine’s``).
WORD_PATTERN = r"\w+(?:['’ʼ]\w+)*"


def text_analyzer() -> Analyzer:
    """Lower-cased, accent-folded, stop-worded and stemmed terms for prose.

    >>> [t.text for t in text_analyzer()("NATO’s Défense stockpiles")]
    ['nato', 'defens', 'stockpil']
    """
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | _ApostropheFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(lang="en")
    )


def name_analyzer() -> Analyzer:
    """Lower-cased, accent-folded whole words for person names.

    >>> [t.text for t in name_analyzer()("Jens Stoltenberg")]
    ['jens', 'stoltenberg']
    """
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | _ApostropheFilter() | CharsetFilter(accent_map)


class _ApostropheFilter(Filter):
    """Drops a possessive ``'s`` and unifies apostrophe variants (``'`` ``’`` ``ʼ``)."""

    def __call__(self, tokens):
        for token in tokens:
            text = token.text.replace("’", "'").replace("ʼ", "'")
            if text.endswith("'s"):
                text = text[:-2]
            token.text = text.replace("'", "")
            yield token
