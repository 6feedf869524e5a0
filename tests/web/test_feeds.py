"""Atom feeds of a search, read back by ``feedparser`` (what feed readers use) and checked against the
requirements of RFC 4287 section 4 element by element."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import pytest

from searchsvc.search.service import SearchResponse, SearchResult
from searchsvc.web.app import create_app
from searchsvc.web.feeds import FeedLinks, atom_feed

A = "{http://www.w3.org/2005/Atom}"
NEWEST_FIRST = ["f-nosource", "f-alpha-2", "f-beta-copy", "f-alpha", "f-undated"]


@pytest.fixture()
def client(coverage_client):
    return coverage_client  # the flood corpus's app, not the sample corpus's


def check_rfc_4287(document: bytes) -> ET.Element:
    """The structure RFC 4287 requires of a feed (4.1.1) and its entries (4.1.2), with RFC 3339 dates."""
    feed = ET.fromstring(document)
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, name
    assert feed.find(f"{A}author/{A}name") is not None  # then no entry needs its own author
    assert [link.get("rel") for link in feed.findall(f"{A}link")] == ["self", "alternate"]
    ids = []
    for entry in feed.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
        assert entry.find(f"{A}content") is not None or entry.find(f"{A}link[@rel='alternate']") is not None
        for stamp in (*entry.findall(f"{A}updated"), *entry.findall(f"{A}published")):
            assert stamp.text.endswith("Z") and datetime.fromisoformat(stamp.text.replace("Z", "+00:00"))
        assert entry.find(f"{A}summary").get("type") == "html"
        ids.append(entry.find(f"{A}id").text)
    assert len(ids) == len(set(ids))
    return feed


def test_the_newest_matches_as_a_valid_atom_feed(client):
    response = client.get("/feeds/search.atom?q=flood")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = check_rfc_4287(response.data)
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "searchsvc: flood"
    assert parsed.feed.id == "http://localhost/feeds/search.atom?q=flood"
    assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == NEWEST_FIRST
    first = parsed.entries[0]
    assert first.title == 'Insurers count the cost of the "January flood", again'
    assert first.link == "http://localhost/api/documents/f-nosource"
    assert first.published == first.updated == "2024-02-05T00:00:00Z"
    assert feed.find(f"{A}entry/{A}summary").text == (  # feedparser's sanitiser drops <mark>: read the XML
        "Insurers said the January <mark>flood</mark> would cost them more than any storm of the last ten years."
    )
    assert [t.term for t in parsed.entries[1].tags] == ["en", "Alpha", "Anna Smith", "Boris Kane"]
    undated = parsed.entries[-1]
    assert "published" not in undated and undated.updated > first.updated  # dated by its index generation's build
    assert parsed.feed.updated == undated.updated  # the newest entry's time
    dated = feedparser.parse(client.get("/feeds/search.atom?q=flood&from=2024").data)
    assert dated.feed.updated == "2024-02-05T00:00:00Z" and len(dated.entries) == 4


def test_filters_narrow_the_feed(client):
    parsed = feedparser.parse(client.get("/feeds/search.atom?q=flood&source=Alpha&from=2024-01-10").data)
    assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == ["f-alpha-2"]
    assert parsed.feed.links[1].href == "http://localhost/?q=flood&source=Alpha&from=2024-01-10"


def test_paging_arguments_are_not_read(client):
    parsed = feedparser.parse(client.get("/feeds/search.atom?q=lang:en&per_page=7&page=3").data)
    assert len(parsed.entries) == 7  # every English story, from the first: paging arguments are not read


@pytest.mark.parametrize("query", ["", "?q=", "?q=flood&from=soon", "?q=flood&sort=size"])
def test_bad_requests_are_json_400(client, query):
    response = client.get(f"/feeds/search.atom{query}")
    if "sort" in query:  # the feed's order is its own: a bad sort is not read
        assert response.status_code == 200
        return
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"


def test_characters_xml_cannot_hold_are_dropped():
    hit = SearchResult(
        id="x1",
        title="Bell\x07 and form\x0cfeed",
        url="https://example.org/a?b=1&c=2",
        source="S\x00rc",
        author="Ann\ud800",
        published="2024-03-01",
        lang="en",
        speakers=["Dan\x1b"],
        score=1.0,
        snippet="<mark>bell</mark> \x0b",
        title_html="",
        matches={},
    )
    response = SearchResponse(query="bell\x01", total=1, page=1, per_page=50, results=[hit])
    links = FeedLinks("http://h/feeds/search.atom?q=bell", "http://h/?q=bell", "http://h/", lambda i: f"http://h/d/{i}")
    document = atom_feed(response, links, "2024-03-02T10:00:00+00:00")
    feed = check_rfc_4287(document)
    parsed = feedparser.parse(document)
    assert not parsed.bozo
    entry = parsed.entries[0]
    assert (entry.title, entry.author, entry.link) == ("Bell and formfeed", "Ann", "https://example.org/a?b=1&c=2")
    assert [t.term for t in entry.tags] == ["en", "Src", "Dan"]
    assert feed.find(f"{A}title").text == "searchsvc: bell"


def test_the_page_links_its_feed(client):
    page = client.get("/?q=flood&source=Alpha&page=1").get_data(as_text=True)
    link = '<link rel="alternate" type="application/atom+xml" title="searchsvc: flood"'
    assert link in page and 'href="/feeds/search.atom?q=flood&amp;source=Alpha"' in page
    assert "application/atom+xml" not in client.get("/").get_data(as_text=True)


def test_a_feed_is_as_long_as_a_page_may_be(coverage_index):
    client = create_app({"index_dir": coverage_index, "max_per_page": 3}).test_client()
    parsed = feedparser.parse(client.get("/feeds/search.atom?q=flood").data)
    assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == NEWEST_FIRST[:3]
