"""Plain-text pages: find the article among the scraping debris, lift labelled lines into metadata.

Lines are judged by ``line_kinds``; the article is the contiguous region whose running text
outweighs the debris in it (no region crosses the opening of a comment section), widened by the
short speech lines and table rows at its edges; a text with no running text at all (a table) keeps
every line that is not debris. The headline is the headline-like line above the article that shares
most words with its lead. Labelled lines (``Author:``, ``date …``, ``Last updated …``, ``Read more
with …``, ``Name - date``) become metadata wherever they stand; a wire dateline names the source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from searchsvc.text.function_words import ALL_FUNCTION_WORDS

from . import line_model
from .dates import parse_date
from .line_kinds import (
    SAYS,
    SENTENCE_END,
    TOKEN,
    Kind,
    Line,
    classify,
    is_data_row,
    is_date_only,
    line_kind,
    page_script,
)
from .line_model import LineModel
from .metadata import Metadata

MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 220
TITLE_LOOKBACK = 15  # lines above the article searched for its headline
NEAR_TITLE = 3  # a headline-like line this close above the article is its title even without shared words
KEPT = (Kind.CONTENT, Kind.SHORT, Kind.HEADLINE)
MIN_ARTICLE_WORDS = 25  # the first stretch (between comment openings) scoring this much holds the article


@dataclass(frozen=True)
class Extracted(Metadata):
    """What an extractor found in a page, its body and metadata, before language and speakers."""

    body: str = ""


_BULLET = re.compile(r"^[\s•·▪●◦‣∙*|\-–—>»]+")
_NAME = r"([A-ZА-ЯЁІЇЄҐ][\w’'.-]+(?:\s+(?:[A-ZА-ЯЁІЇЄҐ][\w’'.-]+|de|van|von|da|der|la)){0,4})"
_AUTHOR = re.compile(r"^(?:author|автор|by|posted by|written by|от|від)\s*[:：]?\s+(.{3,80})$", re.I)
_DATE_LABEL = re.compile(
    r"^(?:date|published|posted|дата|опубликовано|опубліковано)\s*[:：]?\s*"
    r"(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})\s*(.*)$",
    re.I,
)
_UPDATED = re.compile(r"^(?:last\s+)?(?:updated|modified|оновлено|обновлено)\b\s*[:：]?\s*(.*)$", re.I)
_READ_MORE_WITH = re.compile(r"^read (?:more|the full story|the original) (?:with|on|at)\s+(.{2,60})$", re.I)
# "Chris Davies - Nov 19, 2019, 10:31 pm", "September 10, 2018 | by Catherine", "Posted by X on <date>"
_NAME_AND_DATE = re.compile(rf"^(?:(?:posted |written )?by\s+)?{_NAME}\s*(?:[-–—|•·,]|\bon\b)\s*(.+)$", re.I)
_DATELINE = re.compile(r"^[A-ZÀ-ÝА-ЯЁІЇЄҐ][\w .,'’-]{1,50}?\s*\(([A-Z][\w&.]*(?: [A-Z][\w&.]*){0,2})\)\s*[-–—]")
_DATE_AND_NAME = re.compile(rf"^(.+?)\s*[-–—|•·,]\s*by\s+{_NAME}$", re.I)


SHOUTING = 0.9  # share of capital letters from which a text counts as set all in capitals


@dataclass(frozen=True)
class Judged:
    """A page's lines as the hand rules judge them: kinds, the article region, the title."""

    lines: list[Line]
    lifted: list[bool]  # the line was labelled metadata (author, date…): never body text
    start: int
    end: int
    title: str | None
    title_at: int | None
    meta: dict[str, str]


def judge(text: str) -> Judged:
    """Normalise, lift metadata, classify every line, find the article region and its title."""
    meta: dict[str, str] = {}
    lines = [line for raw in text.splitlines() if (line := _normalise(raw))]
    rest = [lift_metadata(line, meta) for line in lines]
    judged = _classify_any_case([remainder or line for line, remainder in zip(lines, rest, strict=True)])
    classified = [  # a metadata line leaves the text but keeps its place (it separates, it marks comments)
        line if remainder else Line(line.text, Kind.COMMENTS if line.kind is Kind.COMMENTS else Kind.DEBRIS)
        for line, remainder in zip(judged, rest, strict=True)
    ]
    start, end = article_region(classified)
    title = _title(classified, start, end)
    title_at = next((i for i in range(start - 1, -1, -1) if classified[i].text == title), None) if title else None
    lifted = [remainder is None for remainder in rest]
    return Judged(classified, lifted, start, end, title, title_at, meta)


def extract(text: str, model: LineModel | Literal["shipped", "rules"] = "shipped") -> Extracted:
    """Clean a plain-text page into title, body paragraphs and metadata; the body lines are chosen
    by the shipped line model, another ``model``, or (``"rules"``, or no model file) the hand rules."""
    page = judge(text)
    keep = None
    if model == "shipped":
        model = line_model.shipped() or "rules"
    if isinstance(model, LineModel):
        rows = line_model.features(page.lines, (page.start, page.end), page.title_at)
        keep = model.keep(rows, rules_keep(page))
    body = body_of(page, keep)
    return Extracted(
        title=page.title,
        body="\n\n".join(body),
        author=page.meta.get("author"),
        published=page.meta.get("published"),
        source=page.meta.get("source") or _dateline_source(body),
    )


def rules_keep(page: Judged) -> list[bool]:
    """Whether the hand rules keep each line: a kept kind inside the article region."""
    return [page.start <= i < page.end and line.kind in KEPT for i, line in enumerate(page.lines)]


def body_of(page: Judged, keep: list[bool] | None = None) -> list[str]:
    """The body paragraphs: the lines ``keep`` marks (None: the rules' kept kinds inside the region)."""
    lines, start, end = page.lines, page.start, page.end
    if not any(line.kind is Kind.CONTENT for line in lines[start:end]):
        # no running text anywhere (a table, an earnings report): keep what is not debris
        return [line.text for line in lines if line.kind in (*KEPT, Kind.MENU)]
    if keep is None:
        return _without_repeats([line.text for line in lines[start:end] if line.kind in KEPT])
    chosen = zip(lines, page.lifted, keep, strict=True)
    return _without_repeats([line.text for line, lifted, k in chosen if k and not lifted])


def _classify_any_case(lines: list[str]) -> list[Line]:
    """``classify``, with a text set all in capitals (wire copy, old archives) judged in lower case:
    capitals alone make every line look like a headline or a menu.

    >>> [line.kind.name for line in _classify_any_case(["THE U.S. SAID ON MONDAY IT WOULD ACT, AND TALKS WENT ON."])]
    ['CONTENT']
    """
    letters = "".join(filter(str.isalpha, "".join(lines)))  # builtins per character: no Python loop
    if not letters or sum(map(str.isupper, letters)) < SHOUTING * len(letters):
        return classify(lines)
    judged = classify([line.lower() for line in lines])
    return [Line(line, kind.kind) for line, kind in zip(lines, judged, strict=True)]


def _dateline_source(paragraphs: list[str]) -> str | None:
    """The agency of a wire dateline opening the article (``KYIV (Reuters) -`` → ``Reuters``)."""
    match = _DATELINE.match(paragraphs[0]) if paragraphs else None
    return match[1] if match else None


def filter_lines(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Drop debris line by line (no region: for text an extractor already chose); lift metadata."""
    meta: dict[str, str] = {}
    kept = [line for raw in lines if (line := lift_metadata(_normalise(raw), meta))]
    script = page_script(kept)
    return [line for line in kept if line_kind(line, script, dump=False) in (*KEPT, Kind.MENU)], meta


def article_region(lines: list[Line]) -> tuple[int, int]:
    """``[start, end)`` of the article: in the first stretch between comment openings with enough text."""
    walls = [i for i, line in enumerate(lines) if line.kind is Kind.COMMENTS]
    best_score, span = 0.0, (0, 0)
    for lo, hi in zip([0, *(w + 1 for w in walls)], [*walls, len(lines)], strict=True):
        score, (start, end) = _best_run(lines[lo:hi])
        if score >= MIN_ARTICLE_WORDS:
            best_score, span = score, (lo + start, lo + end)
            break
        if score > best_score:
            best_score, span = score, (lo + start, lo + end)
    start, end = span
    while start > 0 and _is_speech_line(lines[start - 1]):
        start -= 1
    while end < len(lines) and _is_speech_line(lines[end]):
        end += 1
    return start, end


def _best_run(lines: list[Line]) -> tuple[float, tuple[int, int]]:
    """The maximum-score run of lines (Kadane)."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, line in enumerate(lines):
        if total <= 0:
            total, start = 0.0, i
        total += line.score
        if total > best:
            best, best_span = total, (start, i + 1)
    return best, best_span


def _without_repeats(paragraphs: list[str]) -> list[str]:
    """Drop a paragraph met before, whole or cut short with an ellipsis (a dump repeating the page)."""
    kept: list[str] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        key = paragraph.casefold()
        stem = key.rstrip(".… ")
        if key in seen or (stem != key and len(stem) >= 20 and any(k.startswith(stem) for k in seen)):
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


def _is_speech_line(line: Line) -> bool:
    """``Ladies and gentlemen,``, ``Thank you.``, a table row: short, but kept at an article's edge."""
    return line.kind is Kind.SHORT and (bool(SENTENCE_END.search(line.text)) or is_data_row(line.text))


def _title(lines: list[Line], start: int, end: int) -> str | None:
    """The headline above the article: of the headline-like lines there, the one sharing most words
    with the lead paragraphs (a headline restates its lead; chrome lines do not); with no shared
    word, the headline-like line right above the article."""
    lead = _content_words(" ".join(line.text for line in lines[start:end][:3]))
    candidates: list[tuple[float, int, str]] = []
    for distance, line in enumerate(reversed(lines[max(start - TITLE_LOOKBACK, 0) : start]), 1):
        if line.kind in (Kind.AFTER, Kind.COMMENTS):
            break
        titled_menu = line.kind is Kind.MENU and len(line.text.split()) >= 3
        if not (line.kind in (Kind.HEADLINE, Kind.SHORT) or titled_menu) or not _looks_like_headline(line.text):
            continue
        if words := _content_words(line.text):
            candidates.append((len(words & lead) / len(words) ** 0.5, -distance, line.text))
    if not candidates:
        return None
    overlap, _, best = max(candidates)
    if overlap > 0:
        return best
    _, closest, text = max(candidates, key=lambda c: c[1])
    return text if -closest <= NEAR_TITLE else None


def _content_words(text: str) -> set[str]:
    """Lower-cased word stems (first five letters) that are not function words."""
    return {w.lower()[:5] for w in TOKEN.findall(text) if len(w) > 2 and w.lower() not in ALL_FUNCTION_WORDS}


def lift_metadata(line: str, meta: dict[str, str]) -> str | None:
    """The text a line still holds once labelled metadata is recorded (None: nothing is left)."""
    if not line:
        return None
    if SAYS.match(line):
        return line  # a comment's header ("Name on <date> said:"), not the article's byline
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
    if is_date_only(line):
        if published := parse_date(line):
            meta.setdefault("published", published)
        return None
    if len(line.split()) <= 14 and parse_date(line) and (byline := _byline(line)):
        author, published = byline
        meta.setdefault("author", author)
        meta.setdefault("published", published)
        return None
    return line


def _byline(line: str) -> tuple[str, str] | None:
    """``Name - date`` or ``date | by Name``: the author's name and the ISO date."""
    if (m := _DATE_AND_NAME.match(line)) and is_date_only(m[1]):
        return m[2], parse_date(m[1]) or ""
    if (m := _NAME_AND_DATE.match(line)) and is_date_only(m[2]) and not parse_date(m[1]):
        return m[1], parse_date(m[2]) or ""
    return None


def _normalise(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ")
    return " ".join(_BULLET.sub("", line).split())


def _is_sentence(line: str) -> bool:
    return len(line.split()) >= 6 and bool(SENTENCE_END.search(line))


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= MAX_TITLE_WORDS and len(line) <= MAX_TITLE_CHARS and not line.endswith((".", ",", ";"))
