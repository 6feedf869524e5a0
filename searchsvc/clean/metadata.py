"""What a source says about an article: title, author, date, source and URL, as one dataclass.

The text extractor, the HTML page's own metadata and trafilatura's guesses each give these fields
(with a little of their own beside them); ``clean`` takes each field from the first that has it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metadata:
    """An article's metadata as one source gives it; ``published`` as that source writes it."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
