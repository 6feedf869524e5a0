"""What each speaker said: their direct quotations, else the sentence that reports their words.

A direct quotation is text in ``"…"``, ``“…”``, ``«…»`` or ``„…“`` of at least ``MIN_QUOTE_WORDS``
words (``«Газпром»`` or ``"fake news"`` are no quotations), also across paragraphs: an English
quotation that runs on opens each paragraph with a mark and closes only in its last one. It belongs
to the speech (``speakers.find_speeches``) whose sentence holds or touches it, the nearest cue first;
a quotation standing after ``X said:`` belongs to X. A speaker with no quotation gets the sentences
of their attributions (reported speech). Spans are ``[start, end)`` in the body, marks excluded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .speakers import Speech

MIN_QUOTE_WORDS = 4
_QUOTATION = re.compile(
    r"“(?P<curly>[^”]{1,3000})”|«(?P<guillemets>[^»]{1,3000})»|„(?P<low>[^“”]{1,3000})[“”]"
    r'|"(?P<straight>[^"\n]{1,3000}(?:\n+"[^"\n]{1,3000})*)"'
)
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Quote:
    """One thing a speaker said: their canonical name, the words, and where they are in the body."""

    speaker: str
    text: str
    start: int
    end: int
    direct: bool = True  # False: a sentence reporting the speech


def quotations(text: str) -> list[tuple[int, int]]:
    """The spans of the direct quotations in ``text``, marks excluded."""
    spans = []
    for match in _QUOTATION.finditer(text):
        group = match.lastgroup or ""
        if len(_WORDS.findall(match.group(group))) >= MIN_QUOTE_WORDS:
            spans.append(match.span(group))
    return spans


def find_quotes(text: str, speeches: list[Speech], offset: int = 0) -> list[Quote]:
    """The quotes of ``speeches`` (found in ``text``), with spans in the body that starts at ``offset``
    of ``text`` (after a title); what lies before it is left out. In order of the body."""
    if not speeches:
        return []
    quotes: list[Quote] = []
    for start, end in quotations(text):
        speech = _speaker_of(text, start, end, speeches)
        if speech is not None and start >= offset:
            quotes.append(Quote(speech.name, text[start:end], start - offset, end - offset))
    quoted = {quote.speaker for quote in quotes}
    seen: set[tuple[int, int]] = set()
    for speech in speeches:
        start, end = _trimmed(text, speech.sentence)
        if speech.name in quoted or start < offset or (start, end) in seen:
            continue
        seen.add((start, end))
        quotes.append(Quote(speech.name, text[start:end], start - offset, end - offset, direct=False))
    return sorted(quotes, key=lambda quote: (quote.start, quote.speaker))


def _speaker_of(text: str, start: int, end: int, speeches: list[Speech]) -> Speech | None:
    """The speech a quotation at ``[start, end)`` belongs to: of those whose sentence overlaps it (or
    begins right after its closing mark with the cue), the cue nearest; else one whose sentence ends in a
    colon just before it."""
    near = [
        s
        for s in speeches
        if (s.sentence[0] < end and s.sentence[1] > start)
        or (0 <= s.sentence[0] - end <= 3 and s.cue[0] - s.sentence[0] <= 40)  # ``"…." Stoltenberg said.``
    ]
    if near:
        return min(near, key=lambda s: max(start - s.cue[1], s.cue[0] - end, 0))
    before = [s for s in speeches if s.sentence[1] <= start and not text[s.sentence[1] : start - 1].strip()]
    if before and text[before[-1].sentence[0] : before[-1].sentence[1]].rstrip().endswith(":"):
        return before[-1]
    return None


def _trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` without the white space at either end."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
