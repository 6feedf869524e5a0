"""The name keys of an article, so that a name typed in one script finds its spellings in the other.

An article's ``names`` field holds, for each word that reads as a person's name, its key
(``text.names.word_key``: equal for ``Stoltenberg``, ``Столтенберг`` and ``Столтенберга``) tagged with
the script it was written in: ``l:stoltenberh`` for a Latin word, ``c:stoltenberh`` for a Cyrillic one.
A query word looks only in the other script's keys (``Столтенберг`` for ``l:stoltenberh``, ``Kuleba``
for ``c:kuleb``), so a word never matches its own script twice, and on a collection written in one
script the field changes no score.

Which words read as names (``text.names.reads_as_name``): in an article, a capitalised word that is
not a stop word and, at the start of a sentence, is no ordinary word of its script's dictionary
(mid-sentence capitals are names, places and bodies in all three languages); in a query, where
capitals are unreliable, a word its script's dictionary lacks or reads mostly as a name. A Latin
word has the key of its English reading too (``Trump`` as ``Трамп``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import Analyzer, Token, Tokenizer

from searchsvc.text.names import cross_script_keys, reads_as_name
from searchsvc.text.scripts import starts_cyrillic

from .analyzers import WORD_PATTERN, is_stop_word

LATIN, CYRILLIC = "l:", "c:"  # the tag of a key: the script its word was written in
_WORDS = re.compile(WORD_PATTERN)
_SENTENCE_END = frozenset(".!?:;\n")
_OPENING = frozenset(" \t\"“„«'‘(—–-")


def name_key_analyzer() -> Analyzer:
    """Index mode: the tagged keys of an article's name words; query mode: each query word's key in
    the other script's tag when it reads as a name, an empty term in its place when not (so that a
    phrase with a word that is no name finds no key sequence).

    >>> [t.text for t in name_key_analyzer()("Said Jens Stoltenberg. However, Єнс met Trump", mode="index")]
    ['l:ens', 'l:stoltenberh', 'c:ens', 'l:tramp', 'l:trump']
    >>> [t.text for t in name_key_analyzer()("Столтенберг мир kuleba", mode="query")]
    ['l:stoltenberh', '', 'c:kuleb']
    """
    return NameKeyTokenizer()


class NameKeyTokenizer(Tokenizer):
    """``name_key_analyzer``'s one step; positions are the words' places in the text, as the text
    analyzers number them, so that a phrase of names matches the same names in the other script."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NameKeyTokenizer)

    def __hash__(self) -> int:
        return hash("NameKeyTokenizer")

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:  # a prefix or a range: no key reads a part of a word
            return
        query = mode == "query"
        for index, match in enumerate(_WORDS.finditer(value)):
            word = match.group()
            if query:
                keys = _query_keys(word)
            elif word[0].isupper() and _is_name_in_text(value, match.start(), word):
                keys = _tagged(word, LATIN if not starts_cyrillic(word) else CYRILLIC)
            else:
                continue
            for key in keys:
                token.text, token.stopped, token.boost = key, False, 1.0
                if keeporiginal:
                    token.original = word
                if positions:
                    token.pos = start_pos + index
                if chars:
                    token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
                yield token


def _query_keys(word: str) -> tuple[str, ...]:
    """A query word's keys among the other script's (one empty term when it reads as no name)."""
    if is_stop_word(word) or not reads_as_name(word):
        return ("",)
    return _tagged(word, CYRILLIC if not starts_cyrillic(word) else LATIN)


def _tagged(word: str, tag: str) -> tuple[str, ...]:
    return tuple(sorted(tag + key for key in cross_script_keys(word) if key))


def _is_name_in_text(text: str, start: int, word: str) -> bool:
    """Whether a capitalised word of an article reads as a name: no stop word, and mid-sentence or
    a word its dictionary reads as a name."""
    if is_stop_word(word):
        return False
    return not _starts_sentence(text, start) or reads_as_name(word.lower())


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of its sentence (or line)."""
    at = start - 1
    while at >= 0 and text[at] in _OPENING:
        at -= 1
    return at < 0 or text[at] in _SENTENCE_END
