"""A page's own metadata read from the lxml tree trafilatura parses."""

from __future__ import annotations

from trafilatura.utils import load_html

from searchsvc.clean.html_meta import PageMeta, first, read


def _read(markup: str) -> PageMeta:
    return read(load_html(markup))


def test_meta_tags_link_time_and_title():
    page = _read(
        '<html><head><title>Bridge | City News</title><link rel="alternate canonical" href="https://e.org/b">'
        '<meta property="og:site_name" content="City News"><meta name="Author" content=" Ada  Lovelace ">'
        '</head><body><h1>Council <em>votes</em></h1><time datetime="2024-03-05">Tuesday</time></body></html>'
    )
    assert page == PageMeta(
        title="Council votes",
        author="Ada Lovelace",
        published="2024-03-05",
        source="City News",
        url="https://e.org/b",
        document_title="Bridge | City News",
    )


def test_byline_by_class_without_comments_and_entities_decoded():
    page = _read(
        '<html><body><div class="story-byline">By <!-- staff --><b>Jane</b> Roe</div>'
        "<h1>It&#8217;s &amp; done</h1></body></html>"
    )
    assert page.author == "Jane Roe"
    assert page.title == "It’s & done"


def test_json_ld_wins_over_meta_and_page():
    page = _read(
        '<html><head><meta property="og:title" content="OG"><script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "LD", "author": "Solo Author", "datePublished": "2020-01-02"}'
        "</script></head><body><h1>H1</h1><time>3 May 2021</time></body></html>"
    )
    assert (page.title, page.author, page.published) == ("LD", "Solo Author", "2020-01-02")


def test_author_meta_without_by():
    page = _read('<html><head><meta name="author" content="By TOM KRISHER, AP"></head></html>')
    assert page.author == "TOM KRISHER, AP"


def test_first_skips_empty_and_non_strings():
    assert first(None, "", "  ", 5, {"a": 1}, " a\n b ") == "a b"
    assert first() is None
