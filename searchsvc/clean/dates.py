"""Recognise publication dates written the ways news pages write them; output ISO dates."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "jan january січня січень января январь",
            "feb february лютого лютий февраля февраль",
            "mar march березня березень марта март",
            "apr april квітня квітень апреля апрель",
            "may травня травень мая май",
            "jun june червня червень июня июнь",
            "jul july липня липень июля июль",
            "aug august серпня серпень августа август",
            "sep sept september вересня вересень сентября сентябрь",
            "oct october жовтня жовтень октября октябрь",
            "nov november листопада листопад ноября ноябрь",
            "dec december грудня грудень декабря декабрь",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH = r"([A-Za-zА-Яа-яЁёІіЇїЄєҐґ]{3,10})\.?"
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_DOTTED = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_YEAR = re.compile(r"\d{4}")  # every form above has one: text without it has no date


def parse_date(text: str) -> str | None:
    """Return the first date in ``text`` as ``YYYY-MM-DD``, or None.

    >>> parse_date("Last updated: 29 Sep. 2023 12:54")
    '2023-09-29'
    >>> parse_date("2023-09-30T10:00:00Z")
    '2023-09-30'
    >>> parse_date("18.11.2019"), parse_date("11/18/2019"), parse_date("29 вересня 2023"), parse_date("2023-13-45")
    ('2019-11-18', '2019-11-18', '2023-09-29', None)
    >>> parse_date("03/10/2020")  # both readings possible: day first
    '2020-10-03'
    """
    if not _YEAR.search(text):
        return None
    candidates: list[tuple[int, int, int, int]] = []  # (position, year, month, day)
    for m in _ISO.finditer(text):
        candidates.append((m.start(), int(m[1]), int(m[2]), int(m[3])))
    for m in _DAY_MONTH_YEAR.finditer(text):
        if (month := MONTHS.get(m[2].lower())) is not None:
            candidates.append((m.start(), int(m[3]), month, int(m[1])))
    for m in _MONTH_DAY_YEAR.finditer(text):
        if (month := MONTHS.get(m[1].lower())) is not None:
            candidates.append((m.start(), int(m[3]), month, int(m[2])))
    for m in _DOTTED.finditer(text):
        candidates.append((m.start(), int(m[3]), int(m[2]), int(m[1])))
        candidates.append((m.start(), int(m[3]), int(m[1]), int(m[2])))  # US order, when day-first is impossible
    for _, year, month, day in sorted(candidates, key=lambda c: c[0]):  # stable: day-first before US order
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return None
