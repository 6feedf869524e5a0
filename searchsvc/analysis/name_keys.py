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
from functools import lru_cache

from whoosh.analysis import Analyzer, Token, Tokenizer

from searchsvc.text.names import cross_script_keys, reads_as_name
from searchsvc.text.scripts import starts_cyrillic

from .analyzers import WORD_PATTERN, is_stop_word

LATIN, CYRILLIC = "l:", "c:"  # the tag of a key: the script its word was written in
_WORDS = re.compile(WORD_PATTERN)
_APOSTROPHES = "'’ʼ‘`"
# A capitalised word as ``WORD_PATTERN`` reads it (Latin, Latin-1 and Cyrillic capitals).
_CAPITALISED = re.compile(rf"(?<![\w{_APOSTROPHES}])[A-ZÀ-ÖØ-ÞЀ-ЯҐ]\w*(?:[{_APOSTROPHES}]\w+)*")
_ANY_WORD = re.compile(r"\w")
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
        found = _query_words(value) if mode == "query" else _article_names(value)
        for pos, match, keys in found:
            for key in keys:
                token.text, token.stopped, token.boost = key, False, 1.0
                if keeporiginal:
                    token.original = match.group()
                if positions:
                    token.pos = start_pos + pos
                if chars:
                    token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
                yield token


def _query_words(text: str) -> Iterator[tuple[int, re.Match, tuple[str, ...]]]:
    """Every word of a query, numbered, with its keys (``_query_keys``)."""
    for index, match in enumerate(_WORDS.finditer(text)):
        yield index, match, _query_keys(match.group())


def _article_names(text: str) -> Iterator[tuple[int, re.Match, tuple[str, ...]]]:
    """The capitalised words of an article that read as names, with their keys. Only capitalised
    words are looked at (a third of the cost of reading every word); they are numbered so that
    names next to each other in the text are next to each other in the field, and any other word
    between two names leaves a gap: a phrase of names matches as it would among all the words."""
    pos, end = -1, None
    for match in _CAPITALISED.finditer(text):
        start, word = match.start(), match.group()
        keys = _sentence_start_keys(word) if _starts_sentence(text, start) else _name_keys(word)
        if not keys:
            continue
        pos += 1 if end is not None and not _ANY_WORD.search(text, end, start) else 2
        end = match.end()
        yield pos, match, keys


@lru_cache(maxsize=1 << 18)
def _name_keys(word: str) -> tuple[str, ...]:
    """The tagged keys of a capitalised word of an article inside a sentence (none for a stop word)."""
    return () if is_stop_word(word) else _tagged(word, LATIN if not starts_cyrillic(word) else CYRILLIC)


@lru_cache(maxsize=1 << 18)
def _sentence_start_keys(word: str) -> tuple[str, ...]:
    """The same for the first word of a sentence: only when its dictionary reads it as a name."""
    return _name_keys(word) if reads_as_name(word.lower()) else ()


def _query_keys(word: str) -> tuple[str, ...]:
    """A query word's keys among the other script's (one empty term when it reads as no name)."""
    if is_stop_word(word) or not reads_as_name(word):
        return ("",)
    return _tagged(word, CYRILLIC if not starts_cyrillic(word) else LATIN)


def _tagged(word: str, tag: str) -> tuple[str, ...]:
    return tuple(sorted(tag + key for key in cross_script_keys(word) if key))


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of its sentence (or line)."""
    at = start - 1
    while at >= 0 and text[at] in _OPENING:
        at -= 1
    return at < 0 or text[at] in _SENTENCE_END
