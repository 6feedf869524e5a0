"""Lines that repeat across many pages of one source: menus, footers, share prompts, whatever they look like.

A ``SourceLines`` table is filled from a corpus page by page (``add``): per source (the document's
``source``, else its URL's host), how many pages it holds and on how many of them each line stands.
Lines are kept as 8-byte hashes of their normalised text, and a source's table is pruned of lines
seen on one page only whenever it outgrows ``MAX_LINES``, so memory is bounded whatever the corpus.
``repeated(source)`` gives the hashes of the lines on at least ``SHARE`` of a source's pages (and on
two at least), once the source has ``MIN_PAGES`` pages; ``clean`` drops such lines from a body.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MIN_PAGES = 2  # a source needs this many pages before its repeated lines count
SHARE = 0.5  # a line on at least this share of a source's pages is the source's boilerplate
MAX_LINES = 50_000  # distinct lines kept per source before the once-seen ones are pruned


def line_key(line: str) -> int:
    """The 8-byte hash of a line, case and spacing ignored."""
    text = " ".join(line.casefold().split())
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def source_key(meta: dict[str, str]) -> str | None:
    """Which source a document belongs to: its ``source``, else its URL's host (``www.`` dropped)."""
    if meta.get("source"):
        return meta["source"]
    host = urlsplit(meta.get("url") or "").hostname
    return host.removeprefix("www.") if host else None


@dataclass
class SourceLines:
    """Per source: the number of pages and, per line hash, the number of pages it stands on."""

    pages: dict[str, int] = field(default_factory=dict)
    counts: dict[str, dict[int, int]] = field(default_factory=dict)

    def add(self, source: str | None, text: str) -> None:
        """Count one page of ``source`` (nothing when the source is unknown)."""
        if source is None:
            return
        self.pages[source] = self.pages.get(source, 0) + 1
        counts = self.counts.setdefault(source, {})
        for key in {line_key(line) for line in text.splitlines() if line.strip()}:
            counts[key] = counts.get(key, 0) + 1
        if len(counts) > MAX_LINES:
            self.counts[source] = {key: n for key, n in counts.items() if n > 1}

    def repeated(self, source: str | None) -> frozenset[int]:
        """The hashes of ``source``'s boilerplate lines (empty for a source with too few pages)."""
        pages = self.pages.get(source or "", 0)
        if pages < MIN_PAGES:
            return frozenset()
        least = max(2, SHARE * pages)
        return frozenset(key for key, n in self.counts[source or ""].items() if n >= least)
