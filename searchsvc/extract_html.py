"""HTML pages: main content and metadata with trafilatura, BeautifulSoup and lxml.

Metadata comes from JSON-LD, OpenGraph and ``<meta>`` first, then ``<time>`` and bylines, then what
trafilatura found. The body is trafilatura's main text (recall-leaning settings, no comments: they
scored best on real pages); when it finds none, the paragraphs of the page's main container, run
through the plain-text line filter.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from bs4 import BeautifulSoup, Tag

from . import extract_text
from .dates import parse_date
from .extract_text import Extracted

NOISE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "figure")
BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre")


def extract(markup: str) -> Extracted:
    """Extract title, body and metadata from an HTML page."""
    soup = BeautifulSoup(markup, "lxml")
    ld = _json_ld(soup)
    found = _main_text(markup)
    title = _first(
        ld.get("headline"), _meta(soup, "og:title", "twitter:title"), _h1(soup), found.title, _title_tag(soup)
    )
    author = _first(_ld_author(ld), _meta(soup, "author", "article:author"), _byline(soup), found.author)
    published = parse_date(
        _first(ld.get("datePublished"), _meta(soup, "article:published_time", "date", "pubdate"), _time(soup)) or ""
    )
    source = _first(_ld_publisher(ld), _meta(soup, "og:site_name", "application-name"), found.sitename)
    url = _first(_link(soup, "canonical"), _meta(soup, "og:url"), found.url)
    lines, labelled = extract_text.filter_lines(found.paragraphs)
    if len(lines) < 2:  # trafilatura found nothing, or ran a small page together into one line
        for tag in soup(NOISE_TAGS):
            tag.decompose()
        own, own_labelled = extract_text.filter_lines(list(_blocks(_main(soup))))
        if len(own) > len(lines):
            lines, labelled = own, own_labelled
    body = "\n\n".join(lines)
    return Extracted(
        title=title,
        body=body,
        author=author or labelled.get("author"),
        published=published or labelled.get("published") or parse_date(found.date or ""),
        source=source or labelled.get("source"),
        url=url,
    )


@dataclass(frozen=True)
class _Found:
    """What trafilatura found: body paragraphs and its own metadata guesses."""

    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def _main_text(markup: str) -> _Found:
    document = trafilatura.bare_extraction(
        markup, include_comments=False, favor_recall=True, fast=True, with_metadata=True
    )
    if document is None:
        return _Found()
    return _Found(
        paragraphs=(document.text or "").splitlines(),
        title=document.title,
        author=document.author,
        date=document.date,
        sitename=document.sitename,
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


def _json_ld(soup: BeautifulSoup) -> dict[str, Any]:
    """The first JSON-LD object describing an article (``NewsArticle``, ``Article``, …)."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except json.JSONDecodeError:
            continue  # broken JSON-LD is common and never fatal
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            kind = item.get("@type") if isinstance(item, dict) else None
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.endswith("Article") for k in kinds):
                return item
    return {}


def _ld_author(ld: dict[str, Any]) -> str | None:
    author = ld.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        author = author.get("name")
    return author if isinstance(author, str) else None


def _ld_publisher(ld: dict[str, Any]) -> str | None:
    publisher = ld.get("publisher")
    name = publisher.get("name") if isinstance(publisher, dict) else None
    return name if isinstance(name, str) else None


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content", "").strip():
            return tag["content"].strip()
    return None


def _link(soup: BeautifulSoup, rel: str) -> str | None:
    tag = soup.find("link", rel=rel)
    return tag.get("href") if tag else None


def _h1(soup: BeautifulSoup) -> str | None:
    tag = soup.find("h1")
    return tag.get_text(" ", strip=True) if tag else None


def _title_tag(soup: BeautifulSoup) -> str | None:
    return soup.title.get_text(" ", strip=True) if soup.title else None


def _time(soup: BeautifulSoup) -> str | None:
    tag = soup.find("time")
    return (tag.get("datetime") or tag.get_text(" ", strip=True)) if tag else None


def _byline(soup: BeautifulSoup) -> str | None:
    tag = soup.find(attrs={"rel": "author"}) or soup.find(class_=lambda c: bool(c) and "byline" in c)
    return tag.get_text(" ", strip=True) if tag else None


def _first(*values: str | None) -> str | None:
    """The first non-empty value, entities decoded (JSON-LD often carries ``&#8216;``), spaces folded."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(html.unescape(value).split())
    return None
