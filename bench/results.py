"""The current results in ``bench/README.md``: one table per benchmark, rewritten by the benchmark.

Each benchmark ends with ``record(name, rows)``: its table (measure, figure, goal, whether today's
code meets it) replaces the text between ``<!-- results:NAME -->`` and ``<!-- /results:NAME -->``,
stamped with the time, the commit and the machine's load. How the figures came to be, and what
was tried, is the dated log in ``bench/EXPERIMENTS.md``.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


@dataclass(frozen=True)
class Row:
    """One measured figure, its goal (empty when it has none) and whether the goal is met."""

    measure: str
    figure: str
    goal: str = ""
    met: bool | None = None


def table(rows: list[Row]) -> str:
    """The rows as a markdown table."""
    lines = ["| measure | figure | goal | met |", "|---|---|---|---|"]
    for row in rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.measure} | {row.figure} | {row.goal} | {met} |")
    return "\n".join(lines)


def stamp() -> str:
    """When, on which commit and under what load the figures were measured."""
    root = README.parent.parent
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sha = commit.stdout.strip() or "unknown"
    return f"Measured {when} on `{sha}`{' with local changes' if dirty.stdout else ''}, load average {load}."


def record(name: str, rows: list[Row], notes: str = "", readme: Path = README) -> None:
    """Replace the ``name`` section of the README's current results with ``rows``."""
    start, end = f"<!-- results:{name} -->", f"<!-- /results:{name} -->"
    text = readme.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise SystemExit(f"{readme} has no {start} ... {end} section")
    body = "\n\n".join(part for part in (stamp(), table(rows), notes.strip()) if part)
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    readme.write_text(f"{head}{start}\n{body}\n{end}{tail}", encoding="utf-8")
    print(f"recorded in {readme.name} ({name})")
