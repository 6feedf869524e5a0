"""Whoosh analyzers: how text becomes index terms, one analyzer per language.

Small factory functions chaining a tokenizer and filters (Whoosh's own style). Each article is
analysed by its language (``analysis_language``) into that language's fields; a query is analysed
by every language so that a user need not say which language they search:

- English: Snowball (Porter 2) stems, English stop words;
- Russian: Snowball stems, Russian stop words;
- Ukrainian: ``pymorphy3`` lemmas with its Ukrainian dictionary (chosen by measurement, see
  ``bench/EXPERIMENTS.md``), Ukrainian stop words;
- a word in the other script (an English name in a Russian article) is stemmed and stopped as
  English in every analyzer, a Cyrillic one in an English article as Russian.

All languages fold case, ``ё`` to ``е``, the apostrophe variants (``'`` ``’`` ``ʼ``) and Latin
accents, and join the letters of a dotted abbreviation (``U.S.`` is ``us``, ``U.N.`` is ``un``).
Names use ``name_analyzer``, which never stems, so a name is matched as written. Stemmers and the
lemmatiser are looked up through per-word caches: pymorphy is slow per call and news text repeats
its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token, Tokenizer
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

from searchsvc.text import LANGUAGES
from searchsvc.text.dictionaries import analyzer
from searchsvc.text.scripts import CYRILLIC_LETTERS, UKRAINIAN_LETTERS

DEFAULT_LANGUAGE = "en"
# Bump when any analyzer's terms change (tokens, folding, stop words, stems, lemmas or the dictionaries
# behind them): indexes then rebuild in full. tests/analysis/test_analysis_version.py holds the terms of
# a fixed sample to a digest recorded with this version.
ANALYSIS_VERSION = 2  # 2: name keys across scripts (``name_keys``)

# Words are runs of letters and digits; apostrophes of every kind join a word (``Ukraine’s``, ``м'ясо``).
# Single letters joined by full stops are one word (``U.S.``, ``U.N.``, ``e.g.``, ``т.е.``), not a
# run of one-letter words that stop words and stemming would make ``u`` of both ``U.S.`` and
# ``U.N.``. As in Lucene's classic analyzer, ``p.m.`` is then the ``PM``'s term too.
ABBREVIATION_PATTERN = r"(?:[^\W\d_]\.)+[^\W\d_]\b(?!['’ʼ‘`]\w)\.?"
WORD_PATTERN = rf"{ABBREVIATION_PATTERN}|\w+(?:['’ʼ‘`]\w+)*"
_WORDS = re.compile(WORD_PATTERN)
# Apostrophe variants to ``'``, full stops dropped, and accents folded for Latin letters only:
# folding Cyrillic ``й`` or ``ї`` would break the stemmers.
_FOLD = str.maketrans(
    {k: v for k, v in accent_map.items() if k < 0x0400} | {ord(c): "'" for c in "’ʼ‘`"} | {ord("."): None}
)

UK_STOP_WORDS = frozenset(
    """а або але б без би бо був була були було бути в вам вас ви від він вона вони воно все всі
    де для до досі його її їх з за зі і із й к коли крім ми мене мені мов на навіть над нам нас
    наш не нею ним них ні ну о об однак он от по повз поки при про проте с та так також там теж
    те тим то тобто того тому треба ту тут у уже хоч хто це цей ці цього чи чим що щоб як яка
    який які якщо є""".split()
)
_EN_STOP_WORDS = frozenset(stopwords_for_language("en"))
_RU_STOP_WORDS = frozenset(w.replace("ё", "е") for w in stopwords_for_language("ru"))
# Stop words go by script, as stems do (``stem``): every analyzer treats a Latin word as English and
# a Cyrillic one as Russian (Ukrainian in ``uk``), so ``the`` is no more a word in a Russian field
# than ``в`` is in an English one.
_STOP_WORDS = {
    "en": _EN_STOP_WORDS | _RU_STOP_WORDS,
    "ru": _RU_STOP_WORDS | _EN_STOP_WORDS,
    "uk": UK_STOP_WORDS | _EN_STOP_WORDS,
}
ALL_STOP_WORDS = frozenset().union(*_STOP_WORDS.values())
VOCABULARY = "vocabulary"  # the ``WordTokenizer`` of whole words without any language's stop words
_SNOWBALL = {"en": "english", "ru": "russian"}


def text_analyzer(lang: str = DEFAULT_LANGUAGE) -> Analyzer:
    """Lower-cased, folded, stop-worded and stemmed (or lemmatised) terms of one language.

    >>> [t.text for t in text_analyzer("en")("NATO’s Défense stockpiles")]
    ['nato', 'defens', 'stockpil']
    >>> [t.text for t in text_analyzer("ru")("Ёлки и новые учения")]
    ['елк', 'нов', 'учен']
    >>> [t.text for t in text_analyzer("uk")("Міністри зустрілися у м’ясній крамниці")]
    ['міністр', 'зустрітися', 'мясний', 'крамниця']
    """
    if lang not in LANGUAGES:
        raise ValueError(f"no analyzer for language {lang!r}")
    return WordTokenizer(lang)


def reference_text_analyzer(lang: str = DEFAULT_LANGUAGE) -> Analyzer:
    """``text_analyzer`` as a chain of Whoosh filters: its definition, token for token (tests hold
    ``WordTokenizer`` to it), and what indexes written before ``WordTokenizer`` were pickled with."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | NormalizeFilter()
        | StopFilter(stoplist=_STOP_WORDS[lang], minsize=1)
        | StemFilter(lang)
    )


def index_terms(lang: str, text: str) -> list[str]:
    """The terms ``text_analyzer(lang)`` makes of ``text``, without its per-token objects (fast path).

    >>> index_terms("en", "NATO’s Défense stockpiles")
    ['nato', 'defens', 'stockpil']
    """
    return [term for term in (_term(lang, word) for word in _WORDS.findall(text)) if term]


def count_words(text: str) -> int:
    """How many words ``text`` has as typed, stop words included.

    >>> count_words("What is the U.S. policy on Laos?")
    7
    """
    return len(_WORDS.findall(text))


@lru_cache(maxsize=500_000)
def _term(lang: str, word: str) -> str:
    folded = fold(word)
    return "" if not folded or folded in _STOP_WORDS[lang] else stem(lang, folded)


def name_analyzer() -> Analyzer:
    """Lower-cased, folded whole words for person names.

    >>> [t.text for t in name_analyzer()("Jens Stoltenberg’s Ёлкин")]
    ['jens', 'stoltenberg', 'елкин']
    """
    return WordTokenizer(None)


def reference_name_analyzer() -> Analyzer:
    """``name_analyzer`` as a chain of Whoosh filters (see ``reference_text_analyzer``)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | NormalizeFilter() | _DropApostrophes()


def vocabulary_analyzer() -> Analyzer:
    """Whole words as ``name_analyzer`` makes them, without the stop words of every language: the
    vocabulary of spelling suggestions (a stop word is never a correction worth offering).

    >>> [t.text for t in vocabulary_analyzer()("The O’Brien and Ёлкин і НАТО")]
    ['obrien', 'елкин', 'нато']
    """
    return WordTokenizer(VOCABULARY)


def reference_vocabulary_analyzer() -> Analyzer:
    """``vocabulary_analyzer`` as a chain of Whoosh filters (see ``reference_text_analyzer``)."""
    stops = StopFilter(stoplist=ALL_STOP_WORDS, minsize=1)
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | NormalizeFilter() | stops | _DropApostrophes()


def is_stop_word(word: str) -> bool:
    """Whether ``word`` (any case or apostrophe) is a stop word of one of the languages."""
    return fold(word) in ALL_STOP_WORDS


@lru_cache(maxsize=1 << 16)  # the frequent words; a miss costs a fold and the (cached) stem
def _analysed(lang: str | None, word: str) -> tuple[str, bool]:
    """One word's token text and whether it is a stop word, in ``lang`` (None: a name, never
    stemmed; ``VOCABULARY``: the same, with every language's stop words)."""
    folded = fold(word)
    if lang is None:
        return folded.replace("'", ""), False
    if lang == VOCABULARY:
        return folded.replace("'", ""), not folded or folded in ALL_STOP_WORDS
    return stem(lang, folded) if folded else "", not folded or folded in _STOP_WORDS[lang]


class WordTokenizer(Tokenizer):
    """Words to index terms in one step: ``WORD_PATTERN`` words, folded, stop-worded and stemmed
    through a per-word cache. It yields what the chain of Whoosh filters in
    ``reference_text_analyzer`` yields (positions renumbered past stop words as ``StopFilter``
    does) at a fraction of the cost: the chain's generators per token were a third of a reindex."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordTokenizer) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash(("WordTokenizer", self.lang))

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
        matches = _WORDS.finditer(value) if tokenize else [re.match(r".*", value, re.DOTALL)]
        renumbered = None  # StopFilter's numbering of the kept tokens
        for index, match in enumerate(matches):
            text, stopped = _analysed(self.lang, match.group())
            if stopped and removestops:
                continue
            token.text, token.stopped, token.boost = text, stopped, 1.0
            if keeporiginal or not tokenize:
                token.original = match.group()
            if positions:
                if stopped:
                    token.pos = start_pos + index
                else:
                    renumbered = start_pos + index if renumbered is None else renumbered + 1
                    token.pos = renumbered
            if chars:
                token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
            yield token


def analysis_language(lang: str, text: str) -> str:
    """The analyzer language for an article whose detected language is ``lang``.

    Languages without an analyzer of their own go by script: Cyrillic text to Ukrainian when it
    has letters only Ukrainian uses, else Russian; everything else to English.

    >>> analysis_language("uk", ""), analysis_language("bg", "Привет"), analysis_language("und", "Їжак")
    ('uk', 'ru', 'uk')
    >>> analysis_language("de", "Guten Tag")
    'en'
    """
    if lang in LANGUAGES:
        return lang
    sample = text[:2000]
    if len(CYRILLIC_LETTERS.findall(sample)) * 2 > sum(ch.isalpha() for ch in sample):
        return "uk" if UKRAINIAN_LETTERS.search(sample) else "ru"
    return DEFAULT_LANGUAGE


def fold(word: str) -> str:
    """Case, ``ё``, apostrophe variants and Latin accents folded; possessive ``'s`` and full stops
    (those of an abbreviation, ``WORD_PATTERN``'s only words that have any) dropped.

    >>> fold("Ukraine’s"), fold("ЁЖИК"), fold("Café"), fold("пʼять"), fold("U.S.")
    ('ukraine', 'ежик', 'cafe', "п'ять", 'us')
    """
    word = word.lower().translate(_FOLD).replace("ё", "е")
    if word.endswith("'s"):
        word = word[:-2]
    return word


class NormalizeFilter(Filter):
    """Applies ``fold`` to every token; apostrophes stay for the lemmatiser (``п'ять``)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


class _DropApostrophes(Filter):
    """Removes apostrophes inside words: ``o'brien`` and ``obrien`` are one term."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = token.text.replace("'", "")
            yield token


class StemFilter(Filter):
    """Stems or lemmatises tokens, then drops apostrophes.

    Latin-script words get English Snowball stems and Cyrillic ones Russian Snowball stems, except
    in Ukrainian, where Cyrillic words get pymorphy3 lemmas.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StemFilter) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash(("StemFilter", self.lang))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = stem(self.lang, token.text)
            yield token


@lru_cache(maxsize=500_000)
def stem(lang: str, word: str) -> str:
    """The index term of one folded word in ``lang``.

    >>> stem("en", "running"), stem("ru", "новости"), stem("uk", "новинами")
    ('run', 'новост', 'новина')
    """
    if not CYRILLIC_LETTERS.search(word):
        term = _stemmer("en").stemWord(word)
    elif lang == "uk":
        term = _lemma(word)
    else:
        term = _stemmer("ru").stemWord(word)
    return term.replace("'", "").replace("ё", "е")


@cache
def _stemmer(lang: str):
    import Stemmer

    return Stemmer.Stemmer(_SNOWBALL[lang])


def _lemma(word: str) -> str:
    return analyzer("uk").parse(word)[0].normal_form
