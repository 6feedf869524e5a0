"""Atom 1.0 feeds (RFC 4287) of a search: ``/feeds/search.atom?q=`` with the filters of ``/api/search``.

The feed holds the ``FEED_SIZE`` newest matches (the search sorted by ``-date``), so a feed reader
polling it sees each new matching article once, by its permanent entry id, with no account. An
undated article (listed only after every dated one) is dated by when its index generation was
built, as Atom wants every entry to have an ``updated`` time. The XML is built with ElementTree
(every text escaped) after dropping the characters XML 1.0 cannot hold.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, request, url_for

from searchsvc import __version__
from searchsvc.search.service import SearchResponse, search
from searchsvc.search.serving import LiveIndex

from .request_args import request_from_args

ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
FEED_SIZE = 50
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

feeds = Blueprint("feeds", __name__, url_prefix="/feeds")


@feeds.get("/search.atom")
def search_feed():
    settings = current_app.config["SEARCHSVC"]
    args = request.args.copy()
    for name, value in (("sort", "-date"), ("page", "1"), ("per_page", str(min(FEED_SIZE, settings.max_per_page)))):
        args[name] = value  # replaces any value of the request's: a feed has its own order and size
    live: LiveIndex = current_app.extensions["searchsvc"]
    response = search(live.snapshot(), request_from_args(args, settings))
    built = live.info()["built_at"]
    links = FeedLinks(
        self_url=request.url,
        page=url_for("pages.page_search", _external=True, **request.args.to_dict(flat=False)),
        home=url_for("pages.page_search", _external=True),
        document=lambda doc_id: url_for("api.api_document", doc_id=doc_id, _external=True),
    )
    return Response(atom_feed(response, links, built), mimetype=ATOM_TYPE)


@dataclass(frozen=True)
class FeedLinks:
    """Where the feed lives, the page of the same search, the site's home (categories' scheme) and each
    article's permanent address (its entry id)."""

    self_url: str
    page: str
    home: str
    document: Callable[[str], str]


def atom_feed(response: SearchResponse, links: FeedLinks, built_at: str | None) -> bytes:
    """The Atom document of a search's results (newest first), UTF-8 with an XML declaration."""
    fallback = _timestamp(built_at) if built_at else datetime.now(UTC).replace(microsecond=0)
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "id", links.self_url)
    _text(feed, "title", f"searchsvc: {response.query}")
    _text(feed, "subtitle", f"The {FEED_SIZE} newest articles matching {response.query!r} ({response.total} in all).")
    updated = _text(feed, "updated", "")
    ET.SubElement(feed, "link", rel="self", type=ATOM_TYPE, href=links.self_url)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=links.page)
    _text(ET.SubElement(feed, "author"), "name", "searchsvc")
    _text(feed, "generator", "searchsvc").set("version", __version__)
    newest = None
    for hit in response.results:
        when = _timestamp(hit.published) if hit.published else fallback
        newest = max(newest or when, when)
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", links.document(hit.id))
        _text(entry, "title", hit.title or hit.id)
        _text(entry, "updated", _rfc3339(when))
        if hit.published:
            _text(entry, "published", _rfc3339(when))
        if hit.author:
            _text(ET.SubElement(entry, "author"), "name", hit.author)
        ET.SubElement(entry, "link", rel="alternate", href=hit.url or links.document(hit.id))
        for term, scheme in ((hit.lang, "lang"), (hit.source, "source"), *((s, "speaker") for s in hit.speakers)):
            if term:
                ET.SubElement(entry, "category", term=_clean(term), scheme=f"{links.home}#{scheme}")
        _text(entry, "summary", hit.snippet).set("type", "html")  # escaped HTML: the matches in <mark>
    updated.text = _rfc3339(newest or fallback)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    """``text`` without the control characters and lone surrogates that XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def _timestamp(value: str) -> datetime:
    """An ISO date or date-time as an aware UTC date-time (a date is its midnight)."""
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
