"""One written form per person name: the nominative, and a key that spelling and script do not change.

Two jobs, both by rule and never by a list of names:

- ``in_nominative``: a Russian or Ukrainian name met in an oblique case put back in the nominative with
  pymorphy3's analyses (``по словам Сергея Лаврова`` → ``Сергей Лавров``).
- ``name_key``: a key equal for the spellings of one name in either script. Cyrillic is first
  transliterated by the national systems (Ukrainian: the KMU 2010 system of Ukrainian passports;
  Russian: the 1997 passport system, which is how English news spells most Russian names) through
  ``translitua``, then both scripts are folded to one skeleton that drops the differences between
  those systems, BGN/PCGN and common English spellings: ``kh``/``h``, ``g``/``h`` (Ukrainian ``г``),
  ``y``/``j``/``i``, ``ts``/``tz``, ``shch``/``sch``/``sh``, doubled letters, ``ie``/``ye``/``e``, final
  vowels (case endings, ``-yy``/``-iy``/``-yi``). ``Jens Stoltenberg``, ``Йенс Столтенберг`` and
  ``Єнс Столтенберг`` meet; so do ``Zelensky``, ``Zelenskyy``, ``Зеленский`` and ``Зеленського``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import translitua

from searchsvc.text.dictionaries import analyzer, known_by, spelled
from searchsvc.text.scripts import UKRAINIAN_LETTERS, is_cyrillic_char
from searchsvc.text.scripts import starts_cyrillic as is_cyrillic

# Case endings of Russian and Ukrainian surnames, longest first, with the nominative they come from.
_CASE_ENDINGS = (
    ("ського", "ський"), ("ському", "ський"), ("ським", "ський"), ("ского", "ский"), ("скому", "ский"),
    ("ским", "ский"), ("ова", "ов"), ("ову", "ов"), ("овым", "ов"), ("овим", "ов"), ("ові", "ов"), ("ева", "ев"),
    ("еву", "ев"), ("евым", "ев"), ("евим", "ев"), ("ина", "ин"), ("ину", "ин"), ("иным", "ин"), ("іна", "ін"),
)  # fmt: skip
_CONSONANT_CASE = re.compile(r"(?<=[бвгґджзклмнпрстфхцчшщ])(?:а|у|ом|ем|ові|е)$")
# Latin spellings one sound has in the transliteration systems and in English, folded to one; in order.
_SKELETON = (
    ("dzh", "j"), ("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("kh", "h"), ("gh", "g"), ("ck", "k"), ("ph", "f"),
    ("th", "t"), ("w", "v"), ("x", "ks"), ("q", "k"), ("ts", "c"), ("tz", "c"),
)  # fmt: skip
_HARD_C = re.compile(r"c(?![eiyh])")  # then a soft ``c`` is ``s``, and ``z`` too (Theresa = Тереза)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A spelling- and script-insensitive key of a name, word by word.

    >>> name_key("Зеленського") == name_key("Zelenskyy") == name_key("Зеленский") == name_key("Zelenskiy")
    True
    >>> name_key("Єнс Столтенберг") == name_key("Йенс Столтенберг") == name_key("Jens Stoltenberg")
    True
    >>> name_key("Олександр") == name_key("Олексій")
    False
    """
    return " ".join(filter(None, (word_key(part) for part in name.replace("’", "'").split())))


@lru_cache(maxsize=1 << 18)
def word_key(word: str) -> str:
    """``name_key`` of one word: nominative, Latin letters, then the skeleton."""
    base = word if _nominative_word(word) else nominative(word)
    return skeleton(latin(base))


def _nominative_word(word: str) -> bool:
    """A Cyrillic word the dictionary knows as a name in the nominative (``Рустем`` is not ``Руст``+``ем``)."""
    if not is_cyrillic(word):
        return False
    lang = "uk" if UKRAINIAN_LETTERS.search(word) else "ru"
    return any(NAME_TAGS & p.tag.grammemes and p.tag.case == "nomn" for p in known_parses(word, lang))


def latin(word: str) -> str:
    """``word`` in Latin letters: Cyrillic by the Ukrainian national system when it has letters only
    Ukrainian writes (or ``и``/``і`` tell nothing), else by the Russian passport system; others as is."""
    if not is_cyrillic(word):
        return word
    table = translitua.UkrainianKMU if UKRAINIAN_LETTERS.search(word) else translitua.RussianInternationalPassport1997
    return translitua.translit(word, table)


def skeleton(word: str) -> str:
    """Fold a Latin spelling to the letters every spelling of the name shares."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    folded = "".join(ch for ch in folded if ch.isascii() and ch.isalpha())
    for spelling, sound in _SKELETON:
        folded = folded.replace(spelling, sound)
    folded = _HARD_C.sub("k", folded).replace("c", "s").replace("z", "s").replace("g", "h").replace("j", "i")
    folded = folded.replace("y", "i")
    folded = re.sub(r"(.)\1+", r"\1", folded).replace("ie", "e")
    return re.sub(r"(?<=..)[aeiou]+$", "", folded)  # final vowels: case endings, -yy/-iy/-yi


@lru_cache(maxsize=1 << 16)
def word_keys(word: str) -> frozenset[str]:
    """Every key a name word may have: ``word_key``, and for a Latin word the key of its English
    reading too, which is how Russian and Ukrainian news write English names (``Trump`` → ``Трамп``,
    ``Biden`` → ``Байден``, ``Johnson`` → ``Джонсон``, ``May`` → ``Мэй``). By rule, never by list."""
    keys = {word_key(word)}
    if word and not is_cyrillic(word):
        keys.add(skeleton(english_reading(word)))
    return frozenset(keys)


_ENGLISH = (
    (re.compile(r"^j"), "dzh"), (re.compile(r"^wr"), "r"), (re.compile(r"^w"), "u"),
    (re.compile(r"(?<=[aeiou])h(?=[^aeiou])"), ""), (re.compile(r"[ae]y$"), "ei"),
    (re.compile(r"ee|ea"), "i"), (re.compile(r"oo"), "u"),
    (re.compile(r"(?<=[^aeiou])u(?=[^aeiou](?:[^aeiou]|$))"), "a"),
    (re.compile(r"(?<=[^aeiou])i(?=[^aeiouy][aeiou])"), "ai"),
)  # fmt: skip


def english_reading(word: str) -> str:
    """A Latin name as English pronounces it, spelt as Cyrillic transcribes it (lower case)."""
    reading = word.casefold()
    for pattern, sound in _ENGLISH:
        reading = pattern.sub(sound, reading)
    return reading


def same_person(a: str, b: str) -> bool:
    """Whether two full names (any script, any spelling) can be one person: their last words share a
    key, and their first words too when both have one (``Jens Stoltenberg`` = ``Єнс Столтенберг``,
    ``Donald Trump`` = ``Дональд Трамп``; ``Ігор Сердюченко`` ≠ ``Василь Сердюченко``)."""
    words_a, words_b = a.replace("’", "'").split(), b.replace("’", "'").split()
    if not words_a or not words_b or not word_keys(words_a[-1]) & word_keys(words_b[-1]):
        return False
    one_word = len(words_a) == 1 or len(words_b) == 1
    return one_word or bool(word_keys(words_a[0]) & word_keys(words_b[0]))


def dictionary(lang: str | None, text: str) -> str:
    """The pymorphy3 dictionary for Cyrillic names in ``text``: ``lang`` when it is Russian or
    Ukrainian, else Ukrainian when the text has letters only Ukrainian writes."""
    if lang in ("ru", "uk"):
        return lang
    return "uk" if UKRAINIAN_LETTERS.search(text) else "ru"


def in_nominative(name: str, lang: str | None = None, genitive: bool = False) -> str:
    """A Cyrillic full name in the nominative, by pymorphy3's analyses of its words; unchanged when
    the name already can be nominative, when its words agree on no one case and gender, or when the
    dictionary lacks one of them.

    The words must agree: ``Сергея Лаврова`` is genitive (``Лаврова`` alone could be a nominative
    woman's name, ``Сергея`` cannot); ``Кая Каллас`` matches no case for both, so it stays.

    >>> in_nominative("Сергея Лаврова"), in_nominative("Марии Захаровой"), in_nominative("Дмитра Кулеби", "uk")
    ('Сергей Лавров', 'Мария Захарова', 'Дмитро Кулеба')
    >>> in_nominative("Мария Лаврова"), in_nominative("Ангелы Меркель"), in_nominative("Jens Stoltenberg")
    ('Мария Лаврова', 'Ангела Меркель', 'Jens Stoltenberg')
    """
    words = name.split()
    if not any(is_cyrillic(word) for word in words):
        return name
    lang = dictionary(lang, name)
    options = [_case_options(word, lang) if is_cyrillic(word) else None for word in words]
    if any(found == {} for found in options):  # a word the dictionary does not know: its case is a guess
        return _from_genitive(name, lang) if genitive else name
    best: tuple[float, str, str] | None = None
    for case in _CASES:
        for gender in ("masc", "femn"):
            score = 1.0
            for found in options:
                if found is None:  # not a word the dictionary can decline: it fits any case
                    continue
                fitting = _fitting(found, case, gender)
                if not fitting:
                    score = 0.0
                    break
                score *= max(p[2] for p in fitting)
            if score and case == "nomn":
                return name
            if score and (best is None or score > best[0]):
                best = (score, case, gender)
    if best is None:
        return name
    _, case, gender = best
    out = []
    for word, found in zip(words, options, strict=True):
        fitting = _fitting(found, case, gender) if found else []
        out.append(_declined(word, max(fitting, key=lambda p: p[2])[0]) if fitting else word)
    return " ".join(out)


def could_be_nominative(name: str, lang: str) -> bool:
    """False when a Cyrillic word of ``name`` cannot be a nominative singular: by pymorphy3's readings
    when it knows the word (``Терезы``, ``Горкушою``), else by a surname's case ending (``Джейкобса``);
    Latin names always can."""
    for word in name.split():
        if not is_cyrillic(word):
            continue
        parses = known_parses(word, dictionary(lang, word))
        surname_only = parses and all(p.tag.grammemes & NAME_TAGS == {"Surn"} for p in parses)
        if parses and not surname_only and not any(p.tag.case == "nomn" and p.tag.number != "plur" for p in parses):
            return False  # a surname alone may be a foreign one the dictionary lists in a few cases (``Бібі``)
        if not parses and nominative(word) != word:
            return False
    return True


def is_patronymic(word: str, lang: str) -> bool:
    """True when pymorphy3 reads ``word`` as a patronymic (``Миколайович``, ``Васильевна``)."""
    return is_cyrillic(word) and any("Patr" in p.tag.grammemes for p in known_parses(word, lang))


def _from_genitive(name: str, lang: str) -> str:
    """A name its context puts in the genitive (``слова … Кенни Джейкобса``), back in the nominative by
    pymorphy3's guesses for the words its dictionary lacks: the context, not the word, settles the case."""
    out = []
    for word in name.split():
        parses = [
            p for p in analyzer(lang).parse(spelled(word)) if p.tag.case in ("gent", "gen1") and p.tag.number != "plur"
        ]
        parses = [p for p in parses if NAME_TAGS & p.tag.grammemes or "anim" in p.tag.grammemes] or parses
        base = parses[0].inflect({"nomn"}) if parses and is_cyrillic(word) else None
        out.append(_declined(word, base.word) if base is not None else word)
    return " ".join(out)


_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")
_CASE_OF = {"gen1": "gent", "gen2": "gent", "acc2": "accs", "loc1": "loct", "loc2": "loct"}  # pymorphy's variants
NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


def _fitting(
    options: dict[str, list[tuple[str, str | None, float]]], case: str, gender: str
) -> list[tuple[str, str | None, float]]:
    """A word's readings (``_case_options``) in ``case`` that ``gender`` allows."""
    return [p for p in options.get(case, ()) if p[1] in (gender, "ms-f", None)]


@lru_cache(maxsize=1 << 12)
def _case_options(word: str, lang: str) -> dict[str, list[tuple[str, str | None, float]]]:
    """Per grammatical case, the singular readings of ``word`` as a name, a surname-like adjective
    or a noun: ``(nominative form, gender, score)``. Empty when pymorphy3 reads it as none of them,
    or only guesses (a word its dictionary lacks: ``Фаучі`` would become ``Фауч``)."""
    options: dict[str, list[tuple[str, str | None, float]]] = {}
    for parse in known_parses(word, lang):
        tag = parse.tag
        if tag.number == "plur" or not (NAME_TAGS & tag.grammemes or tag.POS in ("ADJF", "NOUN")):
            continue
        base = parse.inflect({"nomn"}) if tag.case != "nomn" else parse
        case = _CASE_OF.get(tag.case, tag.case)
        gender = "ms-f" if "ms-f" in tag.grammemes else (str(tag.gender) if tag.gender else None)
        if base is not None and case in _CASES:
            options.setdefault(case, []).append((base.word, gender, float(parse.score)))
    return options


def is_place(word: str, lang: str) -> bool:
    """A word the dictionary knows as a thing (or its adjective) in an oblique case, never as a name:
    a place or body after a role (``министр иностранных дел Польши``, ``генсек Організації
    Об'єднаних Націй``), which can start no person's name. A word it lacks, or can read as a name or
    in the nominative singular, is none."""
    parses = known_parses(word, lang)
    if any(NAME_TAGS & p.tag.grammemes or (p.tag.case == "nomn" and p.tag.number != "plur") for p in parses):
        return False
    return any((p.tag.POS == "NOUN" and "inan" in p.tag.grammemes) or p.tag.POS == "ADJF" for p in parses)


@lru_cache(maxsize=1 << 12)
def known_parses(word: str, lang: str) -> tuple:
    """pymorphy3's readings of ``word`` (spelt as its dictionaries spell it: lower case, ASCII
    apostrophes), parsed once for both the place test and the nominative; none when the dictionary
    lacks the word, since its readings would then be guesses."""
    morph, form = analyzer(lang), spelled(word)
    return tuple(morph.parse(form)) if morph.word_is_known(form) else ()


def _declined(word: str, form: str) -> str:
    """``form`` (lower case, ASCII apostrophes) written with ``word``'s capitals and apostrophes: a
    declension changes the ending only (``Майкла О’Лірі`` → ``Майкл О’Лірі``)."""
    if "’" in word or "ʼ" in word:
        form = form.replace("'", "’" if "’" in word else "ʼ")
    if word.isupper():
        return form.upper()
    return "".join(ch.upper() if i < len(word) and word[i].isupper() else ch for i, ch in enumerate(form))


def nominative(word: str) -> str:
    """A Russian or Ukrainian surname back in the nominative (``Умерова`` → ``Умеров``); others unchanged."""
    lowered = word.lower()
    for ending, base in _CASE_ENDINGS:
        if lowered.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + (base if word[-1].islower() else base.upper())
    if len(word) > 5 and is_cyrillic_char(word[-1]):
        return _CONSONANT_CASE.sub("", word)
    return word


# A known Cyrillic word reads as a name when its readings as a common word weigh less than this
# (pymorphy3's scores: ``Путин`` 0.007 and ``Трамп`` 0.22 are names; ``лев`` 0.30, ``вера`` 0.70 are words).
COMMON_READING_SHARE = 0.25
_SURNAME_ADJECTIVE = re.compile(r"(?:ский|ський|цкий|цький)$")  # Зеленский, Зеленський: surnames declined as adjectives


@lru_cache(maxsize=1 << 18)
def reads_as_name(word: str) -> bool:
    """Whether a word, in any case, may be a person's name, by its own script's dictionary: a Cyrillic
    word pymorphy3 lacks (``Столтенберг``), reads mostly as a name (``Путин``, ``Кулеба``) or as a
    surname-shaped adjective (``Зеленського``); a Latin word the English word list lacks (``Kuleba``)
    or typed with a capital. Case is unreliable in a query, so a Cyrillic word is judged without it.

    >>> reads_as_name("столтенберг"), reads_as_name("Зеленського"), reads_as_name("мир"), reads_as_name("лев")
    (True, True, False, False)
    >>> reads_as_name("kuleba"), reads_as_name("Trump"), reads_as_name("trump"), reads_as_name("war")
    (True, True, False, False)
    """
    if not word or not word[0].isalpha():
        return False
    if not is_cyrillic(word):
        return word[0].isupper() or "en" not in known_by(word)
    form = spelled(word)
    langs = ("uk",) if UKRAINIAN_LETTERS.search(word) else ("ru", "uk")  # ``створення`` is Ukrainian too
    known = [analyzer(lang) for lang in langs if analyzer(lang).word_is_known(form)]
    return not known or any(_mostly_a_name(morph.parse(form)) for morph in known)  # unknown: a name


def _mostly_a_name(parses: list) -> bool:
    """Whether one dictionary's readings of a word are mostly as a name, or as a surname-shaped adjective."""
    total = sum(p.score for p in parses) or 1.0
    common = sum(p.score for p in parses if not NAME_TAGS & p.tag.grammemes) / total
    return common < COMMON_READING_SHARE or any(_SURNAME_ADJECTIVE.search(p.normal_form) for p in parses)


def cross_script_keys(word: str) -> frozenset[str]:
    """The name keys a word may share with its spellings in the other script: ``word_keys``, the
    English reading's among them for a Latin word (``Trump`` as ``Трамп``)."""
    return word_keys(fold_apostrophes(word))


def fold_apostrophes(word: str) -> str:
    """``word`` without apostrophes of any kind (``O’Brien`` → ``OBrien``), as name keys read it."""
    return re.sub(r"['’ʼ‘`]", "", word)
