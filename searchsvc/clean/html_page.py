"""HTML pages: main content and metadata with trafilatura, lxml and BeautifulSoup.

The page is parsed once with lxml; its own metadata (``html_meta``: JSON-LD, OpenGraph, ``<meta>``,
``<time>``, bylines) comes first, then what trafilatura found. The body is trafilatura's main text
(recall-leaning settings, no comments: they scored best on real pages); when it finds too little,
the paragraphs of the page's main container (BeautifulSoup), run through the plain-text line filter.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from bs4 import BeautifulSoup, Tag
from trafilatura.utils import load_html

from . import html_meta, text_page
from .dates import parse_date
from .html_meta import first
from .metadata import Metadata
from .text_page import Extracted

# trafilatura logs every page it cannot parse at ERROR level; such a page simply yields our own
# extraction (or an empty body), so its messages would only be noise on the CLI's stderr.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

NOISE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "figure")
BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre")


def extract(markup: str) -> Extracted:
    """Extract title, body and metadata from an HTML page."""
    tree = load_html(markup)  # trafilatura's own parse: it extracts best from the tree it built itself
    page = html_meta.read(tree) if tree is not None else html_meta.PageMeta()
    found = _main_text(tree if tree is not None else markup)  # metadata is read first: trafilatura prunes
    lines, labelled = text_page.filter_lines(found.paragraphs)
    if len(lines) < 2:  # trafilatura found nothing, or ran a small page together into one line
        own, own_labelled = _own_paragraphs(markup)
        if len(own) > len(lines):
            lines, labelled = own, own_labelled
    return Extracted(
        title=first(page.title, found.title, page.document_title),
        body="\n\n".join(lines),
        author=first(page.author, found.author) or labelled.get("author"),
        published=parse_date(page.published or "") or labelled.get("published") or parse_date(found.published or ""),
        source=first(page.source, found.source) or labelled.get("source"),
        url=first(page.url, found.url),
    )


def _own_paragraphs(markup: str) -> tuple[list[str], dict[str, str]]:
    """The paragraphs of the page's main container, line-filtered (when trafilatura finds too little)."""
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup(NOISE_TAGS):
        tag.decompose()
    return text_page.filter_lines(list(_blocks(_main(soup))))


@dataclass(frozen=True)
class _Found(Metadata):
    """What trafilatura found: body paragraphs and its own metadata guesses."""

    paragraphs: list[str] = field(default_factory=list)


def _main_text(page: str | lxml.html.HtmlElement) -> _Found:
    document = trafilatura.bare_extraction(
        page, include_comments=False, favor_recall=True, fast=True, with_metadata=True
    )
    if document is None:
        return _Found()
    return _Found(
        paragraphs=(document.text or "").splitlines(),
        title=document.title,
        author=document.author,
        published=document.date,
        source=document.sitename,
        url=document.url,
    )


def _main(soup: BeautifulSoup) -> Tag:
    """The element holding the article: ``<article>``, ``<main>``, or the densest paragraph parent."""
    for name in ("article", "main"):
        candidates = soup.find_all(name)
        if candidates:
            return max(candidates, key=lambda t: len(t.get_text(" ", strip=True)))
    parents: dict[int, tuple[Tag, int]] = {}
    for p in soup.find_all("p"):
        parent = p.parent
        if isinstance(parent, Tag):
            tag, size = parents.get(id(parent), (parent, 0))
            parents[id(parent)] = (tag, size + len(p.get_text(" ", strip=True)))
    if parents:
        return max(parents.values(), key=lambda pair: pair[1])[0]
    return soup.body or soup


def _blocks(root: Tag) -> Iterator[str]:
    blocks = root.find_all(BLOCK_TAGS)
    if not blocks:
        yield root.get_text("\n", strip=True)
        return
    for block in blocks:
        if block.find_parent(BLOCK_TAGS) is None:
            text = block.get_text(" ", strip=True)
            if text:
                yield text
