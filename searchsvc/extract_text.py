"""Plain-text pages: drop scraping debris line by line, lift labelled lines into metadata.

Each line is judged on evidence it carries (its shape, its script, what it says, where it
stands relative to the headline), never by matching a list of known pages.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .dates import parse_date

MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 220


@dataclass(frozen=True)
class Extracted:
    """What an extractor found in a page, before language and speakers."""

    title: str | None
    body: str
    author: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


_LANG_CODES = frozenset(
    "ua uk en ru de fr es it pl pt nl cs sk ro hu bg be ka tr ar zh ja ko lt lv et fi sv no da el he".split()
)
_BULLET = re.compile(r"^[\s•·▪●◦‣∙*|\-–—]+")
_AUTHOR = re.compile(r"^(?:author|автор|by)\s*[:：]?\s+(.{3,80})$", re.I)
_DATE_LABEL = re.compile(
    r"^(?:date|published|posted|дата)\s*[:：]?\s*(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})\s*(.*)$", re.I
)
_UPDATED = re.compile(r"^(?:last\s+)?(?:updated|modified|оновлено|обновлено)\b\s*[:：]?\s*(.*)$", re.I)
_READ_MORE_WITH = re.compile(r"^read (?:more|the full story|the original) (?:with|on|at)\s+(.{2,60})$", re.I)
_ACTION = re.compile(
    r"^(?:read (?:entire|full|the full|more)(?: article| story)?|share(?: this)?(?: article)?|comments?|"
    r"subscribe(?: now)?|sign up|follow us(?: on .*)?|print|email|tweet|advertisement|"
    r"\(as delivered\)|\[edited by [^\]]*\]|\(edited by [^)]*\)|"
    r"\d+\s+(?:seconds?|minutes?|mins?|hours?|days?|weeks?|months?|years?)\s+ago(?:\s+\d+)?)\.?$",
    re.I,
)
_CREDIT = re.compile(
    r"\((?:photo[^)]*|[^()]{0,40}(?:images?|photos?|getty|reuters|ap|afp|epa|фото)[^()]{0,20})\)\s*$", re.I
)
_SENTENCE_END = re.compile(r"[.!?…:;,\"”»]$")


def extract(text: str) -> Extracted:
    """Clean a plain-text page into title, body paragraphs and metadata."""
    kept, meta = filter_lines(text.splitlines())
    title, body_lines = _split_title(kept)
    return Extracted(
        title=title,
        body="\n\n".join(body_lines),
        author=meta.get("author"),
        published=meta.get("published"),
        source=meta.get("source"),
    )


def filter_lines(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Keep the lines that are article text; return them with the metadata lifted from the rest."""
    meta: dict[str, str] = {}
    normalised = (_normalise(line) for line in lines)
    kept = [text for line in normalised if line and (text := _keep(line, meta))]
    script = _script_of(" ".join(kept))
    kept = [line for line in kept if _script_of(line) in (script, None) or _is_sentence(line)]
    return kept, meta


def _normalise(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ")
    return " ".join(_BULLET.sub("", line).split())


def _keep(line: str, meta: dict[str, str]) -> str | None:
    """The article text a line holds (None for debris); labelled metadata is recorded on the way."""
    if (m := _AUTHOR.match(line)) and len(m[1].split()) <= 5 and not _is_sentence(m[1]):
        meta.setdefault("author", m[1].strip())
        return None
    if m := _DATE_LABEL.match(line):
        if published := parse_date(m[1]):
            meta.setdefault("published", published)
        return m[2] or None
    if m := _UPDATED.match(line):
        if published := parse_date(m[1]):
            meta.setdefault("published", published)
        return None
    if m := _READ_MORE_WITH.match(line):
        meta.setdefault("source", m[1].strip(" .:"))
        return None
    if _ACTION.match(line) or not any(ch.isalpha() for ch in line):
        return None
    if _is_date_only(line):
        meta.setdefault("published", parse_date(line) or "")
        return None
    if _is_language_switcher(line) or _is_caption(line):
        return None
    return line


def _is_language_switcher(line: str) -> bool:
    tokens = line.lower().replace("|", " ").replace("/", " ").split()
    return len(tokens) >= 2 and all(token in _LANG_CODES for token in tokens)


def _is_date_only(line: str) -> bool:
    """A line that is nothing but a date (and maybe a time or separators)."""
    if not parse_date(line):
        return False
    rest = re.sub(r"\d+|[A-Za-zА-Яа-яЁёІіЇїЄєҐґ]{3,10}\.?", "", line, count=0)
    return len(line.split()) <= 6 and not re.search(r"\w", rest)


def _is_caption(line: str) -> bool:
    """A photo caption ending in a credit, e.g. ``… Jens Stoltenberg (Getty Images)``."""
    return bool(_CREDIT.search(line)) and not re.search(r"[.!?]\s", line)


def _is_sentence(line: str) -> bool:
    return len(line.split()) >= 6 and bool(_SENTENCE_END.search(line))


def _script_of(line: str) -> str | None:
    """The script most letters of ``line`` are written in: ``latin``, ``cyrillic``, … or None."""
    counts: Counter[str] = Counter()
    for ch in line:
        if ch.isalpha():
            counts[unicodedata.name(ch, "OTHER").split()[0]] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def _split_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """The headline is the first short line without a sentence's end; kicker labels after it go."""
    if not lines or not _looks_like_headline(lines[0]):
        return None, lines
    title, rest = lines[0], lines[1:]
    while rest and len(rest[0].split()) <= 3 and not _SENTENCE_END.search(rest[0]):
        rest = rest[1:]  # section labels ("Security") between headline and lead
    return title, rest


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= MAX_TITLE_WORDS and len(line) <= MAX_TITLE_CHARS and not line.endswith((".", ",", ";"))
