"""An HTML page's own metadata, read from its lxml tree: JSON-LD, OpenGraph and ``<meta>``, then the
page's ``<h1>``, ``<time>`` and byline, and its ``<title>`` last. The tree is the one trafilatura
parses (one parse serves both).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

import lxml.html

from .metadata import Metadata

_TITLE_METAS = ("og:title", "twitter:title")
_AUTHOR_METAS = ("author", "article:author")
_DATE_METAS = ("article:published_time", "date", "pubdate")
_SOURCE_METAS = ("og:site_name", "application-name")
_BY = re.compile(r"^(?:by|автор|от|від)\b[:\s]*", re.I)
_REL_AUTHOR = "//*[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"


@dataclass(frozen=True)
class PageMeta(Metadata):
    """What the page says about itself; ``published`` as written (not yet parsed)."""

    document_title: str | None = None  # the ``<title>``, often "Headline | Site": the last resort


def read(tree: lxml.html.HtmlElement) -> PageMeta:
    """The page's metadata, each field from the first source that has it."""
    ld, metas = _json_ld(tree), _metas(tree)
    return PageMeta(
        title=first(ld.get("headline"), _meta(metas, *_TITLE_METAS), _text(tree, "//h1")),
        author=first(_BY.sub("", first(_ld_author(ld), _meta(metas, *_AUTHOR_METAS), _byline(tree)) or "")),
        published=first(ld.get("datePublished"), _meta(metas, *_DATE_METAS), _time(tree)),
        source=first(_ld_publisher(ld), _meta(metas, *_SOURCE_METAS)),
        url=first(_canonical(tree), _meta(metas, "og:url")),
        document_title=first(_text(tree, "//title")),
    )


def first(*values: Any) -> str | None:
    """The first non-empty string, entities decoded (JSON-LD often carries ``&#8216;``), spaces folded."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(html.unescape(value).split())
    return None


def _json_ld(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object describing an article (``NewsArticle``, ``Article``, …)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
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


def _metas(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Every ``<meta property|name=… content=…>`` of the page, the first of each name."""
    found: dict[str, str] = {}
    for tag in tree.iter("meta"):
        content = (tag.get("content") or "").strip()
        for attr in ("property", "name"):
            key = tag.get(attr)
            if key and content:
                found.setdefault(key.strip().lower(), content)
    return found


def _meta(metas: dict[str, str], *names: str) -> str | None:
    return next((metas[name] for name in names if name in metas), None)


def _canonical(tree: lxml.html.HtmlElement) -> str | None:
    hrefs = tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href")
    return str(hrefs[0]) if hrefs else None


def _time(tree: lxml.html.HtmlElement) -> str | None:
    times = tree.xpath("//time")
    return (times[0].get("datetime") or _joined(times[0])) if times else None


def _byline(tree: lxml.html.HtmlElement) -> str | None:
    """``rel="author"``, else an element whose class names a byline."""
    for path in (_REL_AUTHOR, "//*[contains(@class, 'byline')]"):
        if found := tree.xpath(path):
            return _joined(found[0])
    return None


def _text(tree: lxml.html.HtmlElement, path: str) -> str | None:
    found = tree.xpath(path)
    return _joined(found[0]) if found else None


def _joined(element: lxml.html.HtmlElement) -> str:
    """The element's text nodes (not its comments), space-separated."""
    return " ".join(" ".join(element.xpath(".//text()")).split())
