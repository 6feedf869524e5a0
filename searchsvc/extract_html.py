"""HTML pages: main content and metadata with BeautifulSoup and lxml.

Metadata comes from JSON-LD, OpenGraph and ``<meta>`` first, then ``<time>`` and bylines; the body
is the paragraphs of the page's main container, run through the plain-text line filter.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

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
    title = _first(ld.get("headline"), _meta(soup, "og:title", "twitter:title"), _h1(soup), _title_tag(soup))
    author = _first(_ld_author(ld), _meta(soup, "author", "article:author"), _byline(soup))
    published = parse_date(
        _first(ld.get("datePublished"), _meta(soup, "article:published_time", "date", "pubdate"), _time(soup)) or ""
    )
    source = _first(_ld_publisher(ld), _meta(soup, "og:site_name", "application-name"))
    url = _first(_link(soup, "canonical"), _meta(soup, "og:url"))
    for tag in soup(NOISE_TAGS):
        tag.decompose()
    lines, found = extract_text.filter_lines(list(_blocks(_main(soup))))
    return Extracted(
        title=title,
        body="\n\n".join(lines),
        author=author or found.get("author"),
        published=published or found.get("published"),
        source=source or found.get("source"),
        url=url,
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
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None
