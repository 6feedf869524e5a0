"""Calendar periods (days, ISO weeks, months, years) of publication days, as consecutive integers.

Publication days are proleptic Gregorian ordinals (``date.toordinal``, as ``doc_values`` keeps them),
so a period number is a few integer operations over a whole column: days are themselves, weeks
start on Monday (ordinal 1, 0001-01-01, is a Monday), months and years go through numpy's calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

INTERVALS = ("day", "week", "month", "year")
_EPOCH = date(1970, 1, 1).toordinal()  # numpy's datetime64 counts days from here


def period_numbers(days: np.ndarray, interval: str) -> np.ndarray:
    """The period of each ordinal day; consecutive periods have consecutive numbers.

    >>> period_numbers(np.array([date(2023, 9, 24).toordinal(), date(2023, 9, 25).toordinal()]), "week").tolist()
    [105540, 105541]
    """
    if interval == "day":
        return days.astype(np.int64)
    if interval == "week":
        return (days.astype(np.int64) - 1) // 7
    unit = {"month": "datetime64[M]", "year": "datetime64[Y]"}[interval]
    return (days.astype(np.int64) - _EPOCH).astype("datetime64[D]").astype(unit).astype(np.int64)


def period_start(number: int, interval: str) -> date:
    """The first day of period ``number``.

    >>> period_start(105541, "week"), period_start(644, "month"), period_start(53, "year")
    (datetime.date(2023, 9, 25), datetime.date(2023, 9, 1), datetime.date(2023, 1, 1))
    """
    if interval == "day":
        return date.fromordinal(number)
    if interval == "week":
        return date.fromordinal(number * 7 + 1)
    if interval == "month":
        year, month = divmod(number, 12)
        return date(1970 + year, month + 1, 1)
    return date(1970 + number, 1, 1)


def period_end(number: int, interval: str) -> date:
    """The last day of period ``number``.

    >>> period_end(648, "month"), period_end(105541, "week")
    (datetime.date(2024, 1, 31), datetime.date(2023, 10, 1))
    """
    try:
        return period_start(number + 1, interval) - timedelta(days=1)
    except ValueError:  # the period of 9999-12-31 has no next one
        return date.max


def period_of(day: date, interval: str) -> int:
    """The period number of one date."""
    return int(period_numbers(np.array([day.toordinal()]), interval)[0])


def starts(first: int, last: int, interval: str) -> list[str]:
    """ISO dates of the first days of periods ``first`` to ``last`` (inclusive)."""
    return [period_start(number, interval).isoformat() for number in range(first, last + 1)]
