"""Bytes to text: BOM, declared charset, UTF-8, UTF-16 without BOM, then the most plausible reading.

charset-normalizer alone misreads short Cyrillic texts (a KOI8-R headline comes out as Shift-JIS),
so its guess competes with the single-byte code pages news in our languages is written in; the
reading whose words look like words (one script, ordinary capitalisation, no stray symbols) wins.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from contextlib import suppress

from charset_normalizer import from_bytes

from searchsvc.text.scripts import char_script, is_cyrillic_char

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SINGLE_BYTE = ("cp1251", "koi8-r", "koi8-u", "iso8859-5", "mac-cyrillic", "cp1252")
SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.02  # more control characters than this: binary, whatever decodes
_DECLARED = re.compile(rb"""(?:<meta[^>]+charset|<\?xml[^>]+encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_EAST_SLAVIC = frozenset(map(chr, range(0x410, 0x450))) | frozenset("ЁёІіЇїЄєҐґЎў")
_ALLOWED_SYMBOLS = set("\t\n\r .,;:!?\"'()[]{}<>-–—_/\\|@#$%&*+=~^`«»„“”‘’ʼ…№°©®™€£$§·•")


class DecodeError(ValueError):
    """The bytes are binary or in no encoding we can recognise."""


def decode(data: bytes, html: bool = False) -> tuple[str, str]:
    """Decode bytes: BOM, then a declared HTML/XML charset, then UTF-8, UTF-16, then detection."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return _checked(data.decode(name, errors="replace"), name)
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        if utf16 := _utf16(data):
            return utf16
        raise DecodeError("binary file (NUL bytes)")
    if html and (declared := _DECLARED.search(data[:4096])):
        name = declared.group(1).decode("ascii").lower()
        try:
            return _checked(data.decode(name), name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to detection
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _checked(*_most_plausible(data))


def _utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: the byte order whose text reads as text (None when neither does)."""
    best: tuple[float, str, str] | None = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: len(data) // 2 * 2].decode(name)
        except UnicodeDecodeError:
            continue
        sample = text[:4000]
        score = _common_share(sample)
        spaced = sum(1 for ch in sample if ch.isspace()) * 50 >= len(sample)  # text has spaces; binary need not
        if score > 0.9 and spaced and (best is None or score > best[0]):
            best = (score, text, name)
    return (best[1], best[2]) if best else None


def _common_share(text: str) -> float:
    """The share of characters from Latin, Cyrillic and common punctuation: our languages' text."""
    common = sum(1 for ch in text if ch <= "\u024f" or is_cyrillic_char(ch) or "\u2000" <= ch <= "\u206f")
    return common / len(text) if text else 0.0


def _most_plausible(data: bytes) -> tuple[str, str]:
    candidates: dict[str, str] = {}
    detected = from_bytes(data[: SNIFF_BYTES * 8]).best()
    if detected is not None:
        with suppress(LookupError, UnicodeDecodeError):  # it judged a prefix; the whole may not decode
            candidates[detected.encoding] = data.decode(detected.encoding)
    for name in SINGLE_BYTE:
        try:
            candidates.setdefault(name, data.decode(name))
        except UnicodeDecodeError:
            continue  # e.g. bytes cp1252 leaves undefined
    if not candidates:
        raise DecodeError("undecodable file (no text encoding recognised)")
    name = max(candidates, key=lambda n: plausibility(candidates[n][: SNIFF_BYTES * 2]))
    return candidates[name], name


def plausibility(text: str) -> float:
    """How much ``text`` reads like text: letters in well-formed words, minus stray symbols.

    >>> plausibility("Привет, мир") > plausibility("рТЙЧЕФ, НЙТ")
    True
    """
    score = 0.0
    for word in _WORD.findall(text):
        if _well_formed(word):
            score += len(word)
        else:
            score -= len(word)
    for ch in text:
        if not (ch.isalnum() or ch in _ALLOWED_SYMBOLS or ch.isspace()):
            score -= 3
        elif is_cyrillic_char(ch) and ch not in _EAST_SLAVIC:
            score -= 1  # Џ, Љ, Ћ…: what a code page mix-up makes of Russian and Ukrainian capitals
    return score


def _well_formed(word: str) -> bool:
    cased = word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())
    return cased and len({char_script(ch) for ch in word}) == 1


def _checked(text: str, name: str) -> tuple[str, str]:
    """Refuse text that is mostly control characters: binary that happened to decode."""
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise DecodeError("binary file (control characters)")
    return text, name
