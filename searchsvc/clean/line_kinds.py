"""Judge each line of a page's text dump: article text, a short line, or scraping debris.

A line's kind comes from evidence it carries: its length, its share of function words, whether it
ends like a sentence, its capitalisation (menus are runs of short capitalised items), its script
against the page's, and the shapes debris takes on any site (counters, relative times, captions and
credits, date-only bullets, language switchers, calls to action, share and comment sections).
``text_page`` turns the kinds into the article's region.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from searchsvc.text.function_words import ALL_FUNCTION_WORDS
from searchsvc.text.scripts import CYRILLIC_LETTERS, LATIN_LETTERS, char_script

from .dates import parse_date

TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?…:;,][\"'”»’)\]]*$")

LANG_CODES = frozenset(
    "ua uk ukr en eng ru rus de fr es it pl pt nl cs sk ro hu bg be ka tr ar zh ja ko lt lv et fi sv no da el he"
    " укр рус eng".split()
)
_RELATIVE_TIME = (
    r"\d+\s*(?:s|sec|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?|months?|y|years?|"
    r"секунд\w*|минут\w*|хвилин\w*|час\w*|годин\w*|дн\w*|день|тиж\w*|недел\w*|месяц\w*|місяц\w*|"
    r"лет|год\w*|рок\w*)\s+(?:ago|назад|тому)"
)
_COUNTER = re.compile(
    rf"^(?:{_RELATIVE_TIME}(?:\s+\d+)?|\d+\s*(?:min(?:ute)?s?\s+read|comments?|responses?|replies|shares?|views?|"
    r"likes?|коммент\w*|комент\w*|просмотр\w*|перегляд\w*))\.?$",
    re.I,
)
_ACTION = re.compile(
    r"^(?:read (?:entire|full|the full|the rest of (?:the|this))(?: article| story)?|continue reading|read more|"
    r"share(?: (?:this|on|via|to)\b.*)?|tweet|pin it|email|e-mail|print|save|copy link|click (?:to|here)\b.*|"
    r"subscribe\b.*|sign (?:up|in)\b.*|log ?in\b.*|register\b.*|follow us\b.*|advertisement|sponsored|"
    r"skip to (?:main )?content|back to top|show comments|load more|view (?:gallery|comments|all)|watch(?: now)?|"
    r"listen(?: to this article)?|download(?: the app)?|cookie\w*.*|accept|close|menu|search|home|"
    r"поделиться|подписаться\b.*|подписывайтесь\b.*|поділитися|підписатися\b.*|підписуйтесь\b.*|реклама|"
    r"читать (?:далее|полностью)|читати (?:далі|повністю)|\(as delivered\)|\[edited by [^\]]*\]|\(edited by [^)]*\))"
    r"[\s.:!…»›>]*$",
    re.I,
)
_CREDIT = re.compile(
    r"(?:\((?:photo[^)]*|[^()]{0,40}(?:images?|photos?|getty|reuters|ap|afp|epa|фото)[^()]{0,20})\)|"
    r"(?:photo|image|picture|credit|фото|світлина)s?\s*(?:credit)?\s*[:©].{0,80}|"
    r"\b(?:getty images|shutterstock|reuters|afp|ap photo|epa|istock)(?:/[\w .]+)?)\s*$",
    re.I,
)
_COOKIES = re.compile(
    r"\b(?:cookies?|куки|файл\w* cookie)\b.*\b(?:consent|accept|agree|privacy|tracking|browsing|experience|"
    r"согла\w*|приним\w*|конфиденциальн\w*|згод\w*|прийма\w*|конфіденційн\w*)",
    re.I,
)
_GLUED = re.compile(r"[a-z’'?!)](?=[A-Z])")  # a block's end run into the next block's start
_COPYRIGHT = re.compile(r"©|\(c\) \d{4}|all rights reserved|все права защищены|всі права захищені", re.I)
# Lines that open what follows an article: sharing, related stories, tags, newsletters.
_AFTER_ARTICLE = re.compile(
    r"^(?:share(?: this)?(?: article| story| post| page)?|related(?: articles| stories| posts| content| news| topics)?|"
    r"recommended(?: for you)?|more (?:from|on|in|stories|news)\b.*|you (?:may|might) also like|"
    r"most (?:popular|read|viewed|commented|shared)|trending(?: now)?|recent posts|read next|latest (?:news|stories)|"
    r"tags?|topics?|filed under\b.*|about the author|sign up for\b.*|newsletter|"
    r"читайте (?:также|також)|похожие (?:новости|статьи)|схожі (?:новини|статті)|теги|мітки|по теме|за темою)"
    r"[\s:.…»›>]*$",
    re.I,
)
# Lines that open a comment section: nothing after them belongs to the article.
_COMMENTS = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|discussion|коммент\w*|комент\w*)(?:\s+(?:to|on)\b.*)?[\s:]*$|"
    r"^leave a (?:reply|comment)\b|^comments are closed|^(?:join|start) the (?:discussion|conversation)|"
    r"^(?:add|post|write) a comment|^добавить комментарий|^додати коментар",
    re.I,
)
SAYS = re.compile(r"^\S.{0,80}\s(?:says|said|wrote|commented|пишет|пише):?$", re.I)
_BYLINE = re.compile(r"^(?:posted|written|published|updated|filed|posted in)\b", re.I)


class Kind(Enum):
    """What a line is, with the score it adds to a candidate article region."""

    CONTENT = "content"  # paragraph-like running text: scores its word count
    SHORT = "short"  # a short line (crosshead, speech line, label): kept inside an article
    HEADLINE = "headline"  # headline-like: a title above the article, a crosshead inside it
    MENU = "menu"  # a navigation item
    DEBRIS = "debris"  # never article text
    AFTER = "after"  # opens what follows an article (sharing, related stories)
    COMMENTS = "comments"  # opens a comment section: a hard boundary


PENALTY = {Kind.SHORT: -0.5, Kind.HEADLINE: -1.0, Kind.MENU: -2.0, Kind.DEBRIS: -3.0, Kind.AFTER: -25.0}


@dataclass(frozen=True)
class Line:
    """One normalised line and its kind."""

    text: str
    kind: Kind

    @property
    def score(self) -> float:
        return float(len(self.text.split())) if self.kind is Kind.CONTENT else PENALTY.get(self.kind, 0.0)


def classify(lines: list[str]) -> list[Line]:
    """The kind of every (already normalised, non-empty) line of a page."""
    script = page_script(lines)
    known = knows_language(lines)
    kinds = [line_kind(line, script, known) for line in lines]
    for i, line in enumerate(lines):  # "name says:" with a date on it or on the next line: a comment header
        if SAYS.match(line) and (
            parse_date(line) or len(line.split()) <= 4 or (i + 1 < len(lines) and is_date_only(lines[i + 1]))
        ):
            kinds[i] = Kind.COMMENTS
    for i in range(len(kinds)):  # a run of three or more short items is a menu, whatever their case
        run = kinds[max(i - 1, 0) : i + 2]
        menu_like = len(run) == 3 and all(k in (Kind.SHORT, Kind.MENU) for k in run)
        if kinds[i] is Kind.SHORT and menu_like and not SENTENCE_END.search(lines[i]) and not is_data_row(lines[i]):
            kinds[i] = Kind.MENU
    return [Line(text, kind) for text, kind in zip(lines, kinds, strict=True)]


def line_kind(line: str, script: str | None = None, known: bool = True, dump: bool = True) -> Kind:
    """The kind of one line, judged alone.

    ``script`` is the page's main script; ``known`` says whether the page is in a language whose
    function words we list (else a line's shape alone must tell running text); ``dump`` says the
    line comes from a text dump, where blocks may run together (teasers glued to headlines).
    """
    words = TOKEN.findall(line)
    if not words:
        return Kind.DEBRIS
    lowered = line.lower()
    if _COMMENTS.match(lowered):
        return Kind.COMMENTS
    if len(words) <= 8 and _AFTER_ARTICLE.match(lowered):
        return Kind.AFTER
    if _is_debris(line, words) or (dump and is_teaser(line)):
        return Kind.DEBRIS
    ends = bool(SENTENCE_END.search(line))
    if is_data_row(line):
        return Kind.SHORT
    if script and script_of(line) not in (script, None) and not (ends and len(words) >= 6):
        return Kind.DEBRIS  # a line in another script than the page: a language menu, a foreign teaser
    stop = stop_ratio(words) if known else 0.2
    if (ends and ((len(words) >= 6 and stop >= 0.12) or len(words) >= 12)) or (len(words) >= 20 and stop >= 0.1):
        return Kind.CONTENT
    if ends:
        return Kind.SHORT
    capitalised = sum(1 for w in words if w[0].isupper()) / len(words)
    if len(words) == 1 or (len(words) <= 6 and capitalised >= 0.8 and len(words) * 12 > len(line)):
        return Kind.MENU
    return Kind.HEADLINE if len(words) >= 3 else Kind.SHORT


def is_data_row(line: str) -> bool:
    """A table row: several cells, a good share of them numbers (``Shr 30 cts vs 36 cts``).

    >>> is_data_row("Net 1,914,388 vs 1,906,095"), is_data_row("Posted 3 days ago")
    (True, False)
    """
    if not _DIGIT.search(line):
        return False
    tokens = line.split()
    numbers = sum(1 for t in tokens if _DIGIT.search(t))
    return len(tokens) >= 2 and numbers * 10 >= len(tokens) * 3


def stop_ratio(words: list[str]) -> float:
    """The share of ``words`` that are function words of a language we list."""
    return sum(map(ALL_FUNCTION_WORDS.__contains__, map(str.lower, words))) / len(words) if words else 0.0


def knows_language(lines: list[str]) -> bool:
    """True when the page's longer lines are in a language whose function words we list."""
    words = [w for line in lines if len(line.split()) >= 6 for w in TOKEN.findall(line)]
    return stop_ratio(words) >= 0.1


def is_teaser(line: str) -> bool:
    """A related-story teaser: a Title Case headline glued to its summary (``…Student-AthleteA 24-year…``).

    >>> is_teaser("Police Arrest Two After Death Of StudentA 24-year-old woman was held on Monday.")
    True
    >>> is_teaser("The iPhone maker said on Monday that sales rose.")
    False
    """
    glue = _GLUED.search(line)
    if not glue:
        return False
    words = TOKEN.findall(line[: glue.start() + 1])
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _is_debris(line: str, words: list[str]) -> bool:
    if _ACTION.match(line) or _COUNTER.match(line) or is_language_switcher(line) or is_date_only(line):
        return True
    if (_COPYRIGHT.search(line) and len(words) <= 30) or (_COOKIES.search(line) and len(words) <= 100):
        return True
    if _BYLINE.match(line) and len(words) <= 14:
        return True
    return bool(_CREDIT.search(line)) and not re.search(r"[.!?]\s", line)


def is_language_switcher(line: str) -> bool:
    """``ua en ru``, ``EN | RU``: a row of language codes."""
    tokens = line.lower().replace("|", " ").replace("/", " ").split()
    return len(tokens) >= 2 and all(token in LANG_CODES for token in tokens)


def is_date_only(line: str) -> bool:
    """A line that is nothing but a date (and maybe a time, a weekday or separators)."""
    if len(line.split()) > 8 or not parse_date(line):
        return False
    rest = _DATE_PARTS.sub("", line)
    return not re.search(r"\w", rest)


_DIGIT = re.compile(r"\d")
_DATE_PARTS = re.compile(r"\d+(?:st|nd|rd|th|am|pm|h)?|\b(?:at|am|pm|utc|gmt|[a-z]{2,3}t)\b|[^\W\d_]{3,10}\.?", re.I)


def script_of(text: str) -> str | None:
    """The script most letters of ``text`` are written in: ``LATIN``, ``CYRILLIC``, … or None."""
    letters = "".join(filter(str.isalpha, text))  # builtins per character: no Python loop
    latin, cyrillic = len(LATIN_LETTERS.findall(letters)), len(CYRILLIC_LETTERS.findall(letters))
    if latin + cyrillic == len(letters) and latin != cyrillic:  # the common case, counted by regex
        return "LATIN" if latin > cyrillic else "CYRILLIC"
    counts = Counter(map(char_script, letters))
    return counts.most_common(1)[0][0] if counts else None


def page_script(lines: list[str]) -> str | None:
    """The script of the page's longer lines (short ones are often menus in other languages)."""
    return script_of(" ".join(line for line in lines if len(line.split()) >= 6) or " ".join(lines))
