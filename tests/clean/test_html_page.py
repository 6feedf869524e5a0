"""HTML pages: metadata from JSON-LD, OpenGraph, <meta>, <time> and bylines; body without chrome."""

from __future__ import annotations

import json

import pytest

from searchsvc.clean.article import clean
from searchsvc.ingest.files import RawDocument, read_path

PARAGRAPHS = [
    "The city council voted on Monday to close the old bridge to cars from next spring, after engineers "
    "found cracks in two of its supporting pillars.",
    "Buses and bicycles will still be allowed to cross while a replacement is designed, the mayor said "
    "at a press conference held in front of the bridge.",
    "Local shop owners said they feared losing customers during the years of work that lie ahead.",
]


def _page(head: str = "", before: str = "", after: str = "", body: str | None = None) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) if body is None else body
    return (
        f"<html><head><title>Bridge to close | City News</title>{head}</head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav></header>"
        f"<main><article><h1>Council votes to close the old bridge</h1>{before}{paragraphs}{after}</article></main>"
        "<aside><h3>Most read</h3><ul><li><a href='/a'>Storm closes schools</a></li></ul></aside>"
        "<footer><p>© 2024 City News. All rights reserved.</p></footer></body></html>"
    )


def _clean(html: str):
    return clean(RawDocument("page.html", "page", "text/html", html, "utf-8"))


def _ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_news_article():
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council votes to close the old bridge",
        "datePublished": "2024-03-05T09:30:00+01:00",
        "author": [{"@type": "Person", "name": "Ada Lovelace"}, {"@type": "Person", "name": "Alan Turing"}],
        "publisher": {"@type": "Organization", "name": "City News"},
    }
    article = _clean(_page(head=_ld(ld)))
    assert article.title == "Council votes to close the old bridge"
    assert (article.author, article.published, article.source) == ("Ada Lovelace", "2024-03-05", "City News")
    assert article.body == "\n\n".join(PARAGRAPHS)
    assert article.lang == "en"


def test_json_ld_in_a_graph_and_broken_json_ld_is_ignored():
    graph = {"@graph": [{"@type": "WebPage"}, {"@type": ["ReportageNewsArticle"], "headline": "From the graph"}]}
    article = _clean(_page(head='<script type="application/ld+json">{broken</script>' + _ld(graph)))
    assert article.title == "From the graph"


def test_opengraph_and_meta():
    head = (
        '<meta property="og:title" content="OG headline"><meta property="og:site_name" content="City News">'
        '<meta name="author" content="Grace Hopper"><meta property="article:published_time" content="2024-01-02">'
        '<meta property="og:url" content="https://example.org/bridge">'
    )
    article = _clean(_page(head=head))
    assert (article.title, article.source, article.author) == ("OG headline", "City News", "Grace Hopper")
    assert (article.published, article.url) == ("2024-01-02", "https://example.org/bridge")


def test_time_and_byline_in_the_page():
    before = (
        '<p class="byline">By <a rel="author" href="/staff/jr">Jane Roe</a></p>'
        '<time datetime="2023-11-19">Sunday</time>'
    )
    article = _clean(_page(before=before))
    assert article.author == "Jane Roe" and article.published == "2023-11-19"
    assert article.body.endswith(PARAGRAPHS[-1])


def test_chrome_inside_the_article_leaves_the_body():
    after = "<p>Share this article</p><p>Read more:</p><ul><li>Related story one</li></ul>"
    article = _clean(_page(after=after))
    assert "Share this article" not in article.body
    assert article.body.startswith(PARAGRAPHS[0])


def test_russian_page_in_a_declared_code_page(tmp_path):
    text = "Городской совет в понедельник проголосовал за закрытие старого моста для автомобилей с весны."
    html = (
        '<html><head><meta charset="windows-1251"><title>Мост</title></head>'
        f"<body><article><h1>Мост закроют</h1><p>{text}</p><p>{text}</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("cp1251"))
    (raw,) = list(read_path(path, 10**6))
    article = clean(raw)
    assert article.title == "Мост закроют" and article.lang == "ru"
    assert article.body.startswith(text)


@pytest.mark.parametrize("markup", ["<html><body></body></html>", "<p>", "<html><body><p>Only"])
def test_pages_with_nothing_in_them_do_not_fail(markup):
    article = _clean(markup)
    assert isinstance(article.body, str)
