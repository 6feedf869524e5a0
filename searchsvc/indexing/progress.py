"""Reindex progress for people: a redrawn bar on a terminal, a plain log line now and then otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

log = logging.getLogger(__name__)
BAR_WIDTH = 30


class Progress:
    """Shows documents done against an estimate (the previous generation's size, when known)."""

    def __init__(self, stream: TextIO | None = None, tty: bool | None = None, interval: float | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.interval = interval if interval is not None else (0.2 if self.tty else 10.0)
        self.expected: int | None = None
        self._started = time.monotonic()
        self._shown = 0.0
        self._drawn = False

    def start(self, expected: int | None) -> None:
        """Begin a run; ``expected`` is the number of documents the bar fills up to, if known."""
        self.expected = expected or None
        self._started = self._shown = time.monotonic()

    def update(self, done: int, counts: str, force: bool = False) -> None:
        """Report ``done`` documents so far; drawn at most once per ``interval`` unless ``force``."""
        now = time.monotonic()
        if not force and now - self._shown < self.interval:
            return
        self._shown = now
        line = self.render(done, counts, now - self._started)
        if self.tty:
            self.stream.write("\r" + line + "\x1b[K")
            self._drawn = True
        else:
            log.info("%s", line)
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line so the summary starts on a fresh one."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()

    def render(self, done: int, counts: str, elapsed: float) -> str:
        """One status line, e.g. ``[#####.....]  50% 500/1000 docs 250/s (added 500)``."""
        rate = f"{done / elapsed:.0f}/s" if elapsed > 0 else "-"
        if not self.expected:
            return f"{done} docs {rate} ({counts})"
        share = min(done / self.expected, 1.0)
        filled = int(share * BAR_WIDTH)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        return f"[{bar}] {share:4.0%} {done}/{self.expected} docs {rate} ({counts})"
