"""Find the people who speak or are quoted in an article, as canonical full names.

Evidence is an attribution pattern: a speech byline (``by NATO Secretary General Jens
Stoltenberg``), a name next to a speech verb (``Stoltenberg said``, ``said Umerov``), or
``according to`` / ``as noted by``. Surnames alone resolve to the full name seen in the same
article, and spelling variants (``Zelensky``/``Zelenskyy``/``Zelenskiy``) merge into one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

SPEECH_VERBS = (
    "said|says|told|tells|added|adds|stressed|stresses|noted|notes|remarked|explained|explains|"
    "urged|urges|emphasised|emphasized|warned|warns|stated|states|declared|"
    "insisted|argued|asked|replied|wrote|commented|underlined|recalled|concluded|acknowledged"
)
_UPPER = r"[A-ZА-ЯЁІЇЄҐ]"
_WORD = rf"{_UPPER}(?:[\w’'\-]+|\.)"  # a capitalised word, or an initial such as ``J.``
_RUN = rf"{_WORD}(?:[ \t]+{_WORD})*"

_BEFORE_VERB = re.compile(rf"({_RUN})(?:,[^,.\n]{{1,60}},)?\s+(?:also\s+|has\s+|had\s+)?(?:{SPEECH_VERBS})\b")
_AFTER_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\s+(?:the\s+)?({_RUN})")
_ACCORDING = re.compile(rf"\b(?i:according to|as noted by|as stated by|in the words of)\s+(?:the\s+)?({_RUN})")
_BYLINE = re.compile(rf"^\s*(?i:(?:speech|remarks|statement|address)\s+)?(?i:by)\s+(?:the\s+)?({_RUN})")
_PRONOUN = re.compile(rf"\b(?:he|she)\s+(?:also\s+)?(?:{SPEECH_VERBS})\b", re.I)
_FULL_NAME = re.compile(rf"\b{_UPPER}[a-zа-яёіїєґ’'\-]+(?:\s+{_UPPER}[a-zа-яёіїєґ’'\-]+)+")

# Words that introduce or qualify a person but are not part of the name.
ROLE_WORDS = frozenset(
    """
    president prime minister secretary general chief head deputy assistant foreign defence defense
    minister's chancellor spokesman spokeswoman spokesperson ambassador commander director chairman
    chair envoy representative senator governor mayor king queen sir mr mrs ms dr professor
    the a an of for and our my his her their its in at on with mr. mrs. ms. dr.
    """.split()
)
PRONOUNS = frozenset("i we you he she it they this that there these those".split())
_TRAILING_VARIANTS = re.compile(r"(?:iy|yy|ij|yj|ii|yi)$")


def find_speakers(text: str) -> list[str]:
    """Return the canonical full names of the people quoted in ``text``, in order of appearance."""
    mentions = _mentions(text)
    full_names = _full_names(mentions)
    found: list[str] = []
    last: str | None = None
    for position, attributed in sorted(_attributions(text), key=lambda pair: pair[0]):
        if attributed is None:  # "he said": the last speaker, or else the last person named
            name = last or next((n for p, n in reversed(mentions) if p < position), None)
        else:
            name = _resolve(attributed, full_names)
        if name:
            found.append(name)
            last = name
    return _merge_variants(found)


def name_key(name: str) -> str:
    """A spelling-insensitive key: case and accents folded, transliteration endings unified."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_TRAILING_VARIANTS.sub("y", part) for part in folded.replace("’", "'").split())


def _attributions(text: str) -> list[tuple[int, str | None]]:
    hits: list[tuple[int, str | None]] = []
    for pattern in (_BEFORE_VERB, _AFTER_VERB, _ACCORDING):
        for match in pattern.finditer(text):
            name = _strip_roles(match.group(1))
            if name:
                hits.append((match.start(1), name))
    byline = _BYLINE.match(text)
    if byline and (name := _strip_roles(byline.group(1))):
        hits.append((byline.start(1), name))
    hits.extend((m.start(), None) for m in _PRONOUN.finditer(text))
    return hits


def _strip_roles(run: str) -> str | None:
    """Keep the trailing personal-name tokens of a capitalised run (``NATO chief Jens X`` → ``Jens X``)."""
    tokens = [t.strip(".,;:’'") for t in run.split()]
    tokens = [t[:-2] if t.endswith(("’s", "'s")) else t for t in tokens]
    name: list[str] = []
    for token in reversed(tokens):
        if not _is_name_token(token):
            break
        name.insert(0, token)
    if not name or name[0].lower() in PRONOUNS or len(name) > 4:
        return None
    return " ".join(name)


def _is_name_token(token: str) -> bool:
    return (
        len(token) > 1
        and token[0].isupper()
        and not token.isupper()
        and not all(part.lower() in ROLE_WORDS for part in token.split("-"))
        and token.lower() not in PRONOUNS
    )


def _mentions(text: str) -> list[tuple[int, str]]:
    """Every multi-word personal name in ``text`` with its position."""
    found = []
    for match in _FULL_NAME.finditer(text):
        name = _strip_roles(match.group(0))
        if name and " " in name:
            found.append((match.start(), name))
    return found


def _full_names(mentions: list[tuple[int, str]]) -> dict[str, str]:
    """Map each surname key to the most frequent full name that ends with it."""
    counts = Counter(name for _, name in mentions)
    by_surname: dict[str, str] = {}
    for name, _ in counts.most_common():
        by_surname.setdefault(name_key(name.split()[-1]), name)
    return by_surname


def _resolve(name: str, full_names: dict[str, str]) -> str | None:
    if " " in name:
        return name
    return full_names.get(name_key(name))


def _merge_variants(names: list[str]) -> list[str]:
    """One entry per person, keyed by surname spelling; the most frequent full form wins."""
    counts = Counter(names)
    by_key: dict[str, str] = {}
    for name in names:
        key = name_key(name.split()[-1])
        current = by_key.get(key)
        if current is None or counts[name] > counts[current]:
            by_key[key] = name
    return list(dict.fromkeys(by_key[name_key(n.split()[-1])] for n in names))
