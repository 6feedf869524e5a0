"""The geometry of the page's timeline: one SVG bar per period, in counts or in share of the volume.

Bars are laid out in a ``viewBox`` of ``WIDTH`` x ``HEIGHT`` units that the page stretches to its
width (``preserveAspectRatio="none"``), so the chart fits a phone; its words (axis labels, the
title, the description, the table) are HTML or SVG text that does not stretch.
"""

from __future__ import annotations

from dataclasses import dataclass

from searchsvc.search.timeline import Timeline

WIDTH = 1000.0
HEIGHT = 100.0
GAP = 0.2  # of each bar's slot, left empty between bars
MIN_HEIGHT = 1.5  # a period with any match stays visible beside a tall one
MEASURES = ("count", "share")


@dataclass(frozen=True)
class Bar:
    """One period: its place in the chart and what it stands for."""

    x: float
    y: float
    width: float
    height: float
    start: str  # first day, ISO
    end: str  # last day, ISO
    count: int
    total: int
    share: float
    label: str  # what a screen reader or a tooltip says of it


@dataclass(frozen=True)
class Chart:
    """A timeline as bars, with the words that describe it."""

    measure: str
    interval: str
    bars: list[Bar]
    title: str
    description: str
    top: str  # the value at the top of the scale
    undated: int
    width: float = WIDTH
    height: float = HEIGHT


def chart(timeline: Timeline, measure: str = "count") -> Chart | None:
    """The bars of ``timeline`` scaled to its largest ``measure`` (``count`` or ``share``); None with no dated match."""
    if not len(timeline.counts):
        return None
    shares = timeline.shares(timeline.counts)
    values = timeline.counts.tolist() if measure == "count" else shares
    peak = max(values) or 1
    slot = WIDTH / len(values)
    bars = []
    for i, (count, total, share, value) in enumerate(
        zip(timeline.counts.tolist(), timeline.totals.tolist(), shares, values, strict=True)
    ):
        start, end = (day.isoformat() for day in timeline.period(i))
        height = 0.0 if not value else max(MIN_HEIGHT, HEIGHT * value / peak)
        label = f"{_period_name(start, end, timeline.interval)}: {_articles(count)} of {total} ({percent(share)})"
        bars.append(Bar(i * slot, HEIGHT - height, slot * (1 - GAP), height, start, end, count, total, share, label))
    busiest = max(bars, key=lambda bar: (bar.count if measure == "count" else bar.share, -bar.x))
    noun = "Articles" if measure == "count" else "Share of all articles"
    title = f"{noun} matching {timeline.query!r} per {timeline.interval}"
    description = (
        f"{_articles(int(timeline.counts.sum()))} from {bars[0].start} to {bars[-1].end} in {len(bars)} "
        f"{timeline.interval}s; the most in {_period_name(busiest.start, busiest.end, timeline.interval)}: "
        f"{busiest.label.split(': ', 1)[1]}."
    )
    top = str(int(peak)) if measure == "count" else percent(float(peak))
    return Chart(measure, timeline.interval, bars, title, description, top, timeline.undated)


@dataclass(frozen=True)
class Spark:
    """A batch row's counts as small bars (``x``, ``height``, ``width`` in a 100 x 20 box) and what they say."""

    bars: list[tuple[float, float, float]]
    label: str


def sparkline(counts: list[int], starts: list[str], interval: str) -> Spark | None:
    """The small chart of one query's counts per period; None when it has none."""
    peak = max(counts, default=0)
    if not peak:
        return None
    slot = 100 / len(counts)
    bars = [(i * slot, max(1.0, 20 * c / peak) if c else 0.0, slot * (1 - GAP)) for i, c in enumerate(counts)]
    busiest = counts.index(peak)
    label = f"per {interval} from {starts[0]} to {starts[-1]}; the most, {peak}, in the {interval} of {starts[busiest]}"
    return Spark(bars, label)


def percent(share: float) -> str:
    """A share as a short percentage.

    >>> percent(0.03456), percent(0.5), percent(0.0)
    ('3.46 %', '50 %', '0 %')
    """
    return f"{100 * share:.3g} %"


def _articles(count: int) -> str:
    return f"{count} article{'' if count == 1 else 's'}"


def _period_name(start: str, end: str, interval: str) -> str:
    """How a period reads: ``2023-09-29``, ``week of 2023-09-25``, ``2023-09``, ``2023``."""
    if interval == "day":
        return start
    if interval == "week":
        return f"week of {start}"
    return start[:7] if interval == "month" else start[:4]
