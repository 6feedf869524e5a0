"""The cleaner on the five seed articles and on small hand-made pages."""

from __future__ import annotations

import pytest

from searchsvc.clean.article import Article, clean
from searchsvc.config import SAMPLE_CORPUS
from searchsvc.ingest.files import RawDocument, iter_corpus


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    return {raw.doc_id[:3]: clean(raw) for raw in iter_corpus(SAMPLE_CORPUS, 10**7)}


SEEDS = {
    "000": {
        "title": "NATO members and Ukraine to step up industry cooperation",
        "author": None,
        "published": None,
        "source": None,
        "start": "Kyiv is heavily reliant on its Western friends to supply its armed forces",
        "end": "so we can continue to provide support to Ukraine,” Stoltenberg said.",
        "speakers": ("Jens Stoltenberg", "Volodymyr Zelensky"),
    },
    "001": {
        "title": "Stoltenberg announces increased cooperation with Ukraine",
        "author": "Maria Kholina",
        "published": None,
        "source": None,
        "start": "NATO is ramping up its cooperation with Ukraine.",
        "end": "special envoy to Ukraine to strengthen its long-term commitments.",
        "speakers": ("Jens Stoltenberg", "Rustem Umerov"),
    },
    "002": {
        "title": "NATO’s defence industrial pledge takes shape in yet another bid to boost output",
        "author": None,
        "published": None,
        "source": "Euractiv",
        "start": "NATO is set to provide a platform to help its members shape national production strategies",
        "end": "is a critical part of the defence and deterrence of the alliance,” the draft text says.",
        "speakers": ("Jens Stoltenberg",),
    },
    "003": {
        "title": "by NATO Secretary General Jens Stoltenberg at the International Defence Industry Forum in Kyiv",
        "author": None,
        "published": "2023-09-29",
        "source": None,
        "start": "President Zelenskyy,\n\nLadies and gentlemen,\n\nI am honoured to address",
        "end": "I wish you a very successful and productive Forum.\n\nThank you.",
        "speakers": ("Jens Stoltenberg",),
    },
    "004": {
        "title": "NATO Secretary General Jens Stoltenberg has urged Ukraine’s partners to ensure that Ukraine "
        "receives …",
        "author": None,
        "published": "2023-09-30",
        "source": None,
        "start": "NATO Secretary General Jens Stoltenberg has urged Ukraine’s partners",
        "end": 'Kuleba said following the forum that a "new era" for Ukraine’s defence industry has begun.',
        "speakers": ("Jens Stoltenberg", "Volodymyr Zelenskyy", "Dmytro Kuleba"),
    },
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_field_by_field(seeds, seed):
    article, expected = seeds[seed], SEEDS[seed]
    assert article.title == expected["title"]
    assert article.title_derived == (seed == "004")
    assert (article.author, article.published, article.source) == (
        expected["author"],
        expected["published"],
        expected["source"],
    )
    assert article.body.startswith(expected["start"])
    assert article.body.endswith(expected["end"])
    assert article.speakers == expected["speakers"]
    assert article.lang == "en" and article.url is None
    assert article.content_hash and article.id.startswith(seed)


def test_language_switcher_line_is_dropped(seeds):
    article = seeds["001"]
    assert "ua en ru" not in article.body and "ua en ru" not in article.title
    assert article.title == "Stoltenberg announces increased cooperation with Ukraine"
    assert article.author == "Maria Kholina"
    assert "(Getty Images)" not in article.body
    assert article.body.startswith("NATO is ramping up its cooperation with Ukraine.")


def test_read_entire_article_line_is_dropped(seeds):
    article = seeds["002"]
    assert "Read Entire Article" not in article.body
    assert "Read more with" not in article.body and article.source == "Euractiv"
    assert "Edited by" not in article.body
    assert "2 months ago" not in article.body
    assert "Россия" not in article.body
    assert article.title == "NATO’s defence industrial pledge takes shape in yet another bid to boost output"
    assert article.body.endswith("the draft text says.")


def test_speech_keeps_speech_lines_and_drops_bullets(seeds):
    article = seeds["003"]
    assert article.published == "2023-09-29"
    assert "Last updated" not in article.body and "(As delivered)" not in article.body
    assert article.body.startswith("President Zelenskyy,\n\nLadies and gentlemen,")
    assert "\n\nHigh quality.\n\n" in article.body
    assert article.body.endswith("Thank you.")
    assert article.speakers == ("Jens Stoltenberg",)


def test_text_without_headline_gets_a_derived_title(seeds):
    article = seeds["004"]
    assert article.title_derived
    assert article.title.startswith("NATO Secretary General Jens Stoltenberg has urged")
    assert article.published == "2023-09-30"
    assert article.body.startswith("NATO Secretary General Jens Stoltenberg has urged")


def test_section_label_after_headline_is_dropped(seeds):
    article = seeds["000"]
    assert article.title == "NATO members and Ukraine to step up industry cooperation"
    assert article.body.startswith("Kyiv is heavily reliant")
    assert "\n\nStep closer to membership\n\n" in article.body  # a crosshead is content


def test_every_seed_is_english_with_speakers(seeds):
    assert {a.lang for a in seeds.values()} == {"en"}
    assert all("Jens Stoltenberg" in a.speakers for a in seeds.values())


def test_html_page_metadata_and_body():
    page = """<html><head><title>Site | Headline</title>
    <meta property="og:title" content="The real headline">
    <meta property="og:site_name" content="Example News">
    <meta name="author" content="Jane Roe">
    <link rel="canonical" href="https://example.org/story">
    </head><body><nav><a>Home</a> <a>World</a></nav>
    <article><h1>The real headline</h1><time datetime="2024-02-03T10:00:00Z">3 Feb</time>
    <p>First paragraph of the story, which is long enough to be real text.</p>
    <p>Second paragraph, where the minister said more.</p><p>Share this article</p></article>
    <footer>Copyright</footer></body></html>"""
    article = clean(RawDocument("p.html", "p", "text/html", page, "utf-8"))
    assert article.title == "The real headline"
    assert (article.source, article.author, article.published) == ("Example News", "Jane Roe", "2024-02-03")
    assert article.url == "https://example.org/story"
    assert article.body == (
        "First paragraph of the story, which is long enough to be real text.\n\n"
        "Second paragraph, where the minister said more."
    )


def test_source_fields_win_over_text():
    raw = RawDocument("f.jsonl:1", "x", "text/plain", "Some headline\n\nBody here.", "utf-8", {"title": "Given"})
    article = clean(raw)
    assert article.title == "Given" and not article.title_derived
