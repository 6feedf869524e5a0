"""Find the people who speak or are quoted in an article, as one canonical full name each.

The cues and their syntax are in ``attribution``; which capitalised runs are people in
``person_names``; the written form of a name in ``names``. Here the attributions are resolved:

- a surname alone becomes the full name the article gives elsewhere (``Stoltenberg said`` →
  ``Jens Stoltenberg``); a lone Cyrillic surname the article never completes stays (``Марипов``);
  a lone Latin word that the article never completes is dropped (``Quantum said`` is a company);
- a pronoun (``he said``, ``сказал он``) is the person who spoke last, else the person named last;
- a role (``the minister said``, ``каже декан``) is the person last named with that role;
- spellings of one person merge by rule (``name_key``): case endings, ``Zelensky``/``Zelenskyy``;
  the form kept is one met outside a preposition's government, then the most frequent, then the
  longest, put in the nominative (``по словам Сергея Лаврова`` → ``Сергей Лавров``).

Institutions (``the European Commission said``) and anonymous sources are not speakers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from searchsvc.text.names import could_be_nominative, dictionary, in_nominative, is_patronymic, name_key, nominative
from searchsvc.text.scripts import CYRILLIC_LETTERS

from .attribution import RUN, Attribution, attributions
from .person_names import ROLE_WORDS, person_name, single_surname

__all__ = ["Speech", "find_speakers", "find_speeches", "in_nominative", "name_key", "nominative"]

_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-zа-яёіїєґ][\w’'-]*")
_FULL_NAME = re.compile(rf"(?<![\w’'-]){RUN}")
_ROLE_BEFORE = re.compile(r"([\w’'-]+)\W{1,3}$")
_ROLE_AFTER = re.compile(r"^\s*,\s*(?:[\w’'-]+\s+){0,2}?([\w’'-]+)")


PRONOUN_REACH = 400  # characters: a pronoun with no speaker before it refers to a person named this close


@dataclass(frozen=True)
class Speech:
    """One attribution resolved to a person: the name as the article writes it at its fullest, where
    the cue and the sentence are."""

    name: str
    cue: tuple[int, int]
    sentence: tuple[int, int]


def find_speakers(text: str, lang: str | None = None) -> list[str]:
    """The canonical full names of the people quoted in ``text`` (an article in ``lang``, which picks
    the dictionary for Cyrillic names), in order of appearance."""
    return list(dict.fromkeys(speech.name for speech in find_speeches(text, lang)))


def find_speeches(text: str, lang: str | None = None) -> list[Speech]:
    """Every attribution of ``text`` resolved to a canonical name, in order of its cue."""
    syntax = lang if lang in ("en", "ru", "uk") else _script_language(text)
    lang = dictionary(lang, text)  # guessed from the whole text, surer than from one name
    common = common_words(text)
    hits = attributions(text, syntax, common, lang)
    if not hits:
        return []  # most articles quote no one: the names in them need not be read
    mentions = _mentions(text, common, lang)
    full_names = _full_names(mentions)
    roles = _roles(text, mentions)
    resolved: list[tuple[Attribution, str]] = []
    last: str | None = None
    for hit in hits:
        name = _resolve(hit, last, mentions, full_names, roles, lang)
        if name:
            resolved.append((hit, name))
            last = name
    canonical = _canonical(text, resolved, mentions, lang)
    return [Speech(canonical[_person(name)], hit.cue, hit.sentence) for hit, name in resolved]


def _script_language(text: str) -> str:
    """``en`` for a text mostly in Latin letters, else the Cyrillic dictionary's language."""
    cyrillic = len(CYRILLIC_LETTERS.findall(text))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return dictionary(None, text) if cyrillic > latin else "en"


def common_words(text: str) -> frozenset[str]:
    """The words ``text`` writes in lower case and never capitalised inside a sentence: no names
    (``Actor`` opening a sentence), while a tag line in lower case (``владимир путин``) does not hide
    the names the running text capitalises."""
    lower = set(_LOWER_WORD.findall(text))
    inside = {m.group(1).lower() for m in _CAPITALISED_INSIDE.finditer(text)}
    inside |= {m.group(1).lower() for m in _CAPITALISED_PAIR.finditer(text) if m.group(2).lower() in inside}
    return frozenset(lower - inside)


_CAPITALISED_INSIDE = re.compile(r"(?<=[\w,»\"”)])[ \t]+([A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ’'-]+)")
_CAPITALISED_PAIR = re.compile(r"([A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ’'-]+)[ \t]+(?=([A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ’'-]+))")


def _resolve(hit: Attribution, last: str | None, mentions, full_names, roles, lang: str) -> str | None:
    if hit.name is None and hit.role is not None:
        return roles.get(hit.role)
    if hit.name is None:  # a pronoun: the last speaker, or else the last person named before it
        near = (n for p, n in reversed(mentions) if hit.position - PRONOUN_REACH < p < hit.position)
        return last or next(near, None)
    words = hit.name.split()
    if len(words) == 2 and is_patronymic(words[1], lang):  # ``Іван Миколайович``: the first name tells
        return _by_first_name(words[0], mentions) or hit.name
    if len(words) > 1:
        return hit.name
    full = full_names.get(name_key(hit.name)) or _by_first_name(hit.name, mentions)
    if full:
        return full
    return hit.name if single_surname(hit.name, lang) else None


def _by_first_name(first: str, mentions: list[tuple[int, str]]) -> str | None:
    """The one full name of the article with this first name (``каже Анна`` → ``Анна Даниляк``)."""
    key = name_key(first)
    names = {name for _, name in mentions if name_key(name.split()[0]) == key}
    return names.pop() if len(names) == 1 else None


def _mentions(text: str, common: frozenset[str], lang: str) -> list[tuple[int, str]]:
    """Every multi-word personal name in ``text`` with its position."""
    found = []
    for match in _FULL_NAME.finditer(text):
        offset = match.start()
        for part in _STOPS.split(match.group(0)):  # ``Antony Blinken. Blinken told``: two runs
            name = person_name(part, common, lang)
            if name and " " in name:
                found.append((offset + part.rfind(name.split()[0]), name))
            offset += len(part) + 1
    return found


_STOPS = re.compile(r"(?<=[\w’'-]{4}\.)\s")


def _full_names(mentions: list[tuple[int, str]]) -> dict[str, str]:
    """Map each surname key to the most frequent full name that ends with it."""
    counts = Counter(name for _, name in mentions)
    by_surname: dict[str, str] = {}
    for name, _ in counts.most_common():
        by_surname.setdefault(name_key(_surname(name)), name)
    return by_surname


def _roles(text: str, mentions: list[tuple[int, str]]) -> dict[str, str]:
    """Each role word to the person last named with it (``NATO chief Jens Stoltenberg``, ``Іван
    Мринський, декан``), so that ``the chief said`` finds him."""
    roles: dict[str, str] = {}
    for position, name in mentions:
        before = _ROLE_BEFORE.search(text[max(position - 40, 0) : position])
        after = _ROLE_AFTER.match(text[position + len(name) : position + len(name) + 60])
        for found in (before, after):
            word = found.group(1).lower() if found else ""
            if word in ROLE_WORDS:
                roles[word] = name
    return roles


def _canonical(text: str, resolved: list[tuple[Attribution, str]], mentions, lang: str) -> dict[str, str]:
    """Per surname key, the one form shown for the person: met ungoverned, frequent, long; nominative."""
    seen = [(name, _governed(text, position)) for position, name in mentions]
    seen += [(name, hit.genitive or _governed(text, hit.position)) for hit, name in resolved]
    counts = Counter(name for name, _ in seen)
    free = {name for name, governed in seen if not governed and could_be_nominative(name, lang)}
    forms: dict[str, list[str]] = {}
    for name, _ in seen:
        forms.setdefault(_person(name), []).append(name)
    out = {}
    for key, spellings in forms.items():
        best = max(spellings, key=lambda n: (n in free, counts[n], len(n.split())))
        out[key] = in_nominative(best, lang, genitive=best not in free)
    return out


def _surname(name: str) -> str:
    return name.split()[-1]


def _person(name: str) -> str:
    """Who a full name is, within one article: its first and last words' keys (``Jack A. Robinson`` is
    ``Jack Robinson``; ``Ігор Сердюченко`` is not his father ``Василь Сердюченко``)."""
    words = name.split()
    return name_key(f"{words[0]} {words[-1]}" if len(words) > 1 else words[0])


_GOVERNING = frozenset(
    "словам словами слов с со у для от від до к про о об при з із зі без после після против проти между між".split()
)


def _governed(text: str, position: int) -> bool:
    """True when the word before ``position`` is a preposition that puts a name in an oblique case."""
    before = re.findall(r"[\w’']+", text[max(position - 20, 0) : position].lower())
    return bool(before) and before[-1] in _GOVERNING
