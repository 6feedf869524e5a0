"""Per-source boilerplate: lines repeating across a source's pages leave the body, nothing else does."""

from __future__ import annotations

from searchsvc.clean import source_lines
from searchsvc.clean.article import clean, content_hash
from searchsvc.clean.source_lines import SourceLines, line_key, source_key
from searchsvc.ingest.files import RawDocument

FOOTER = "Get the best of our reporting in your inbox every Friday morning, free of charge."
STORIES = [
    [
        "Parliament approves a larger defence budget for next year",
        "The parliament on Tuesday approved a defence budget that is a fifth larger than this year's, "
        "after a debate that lasted well into the night.",
        "Opposition members argued that the plan leaves too little for hospitals and schools, but the "
        "vote passed with a clear majority.",
    ],
    [
        "City council votes to extend the tram line to the airport",
        "The city council on Monday voted to extend the tram line to the airport, a project that has "
        "been discussed for more than a decade.",
        "Work is expected to begin next spring and to last three years, the mayor's office said in a "
        "statement after the vote.",
    ],
    [
        "Farmers expect a record harvest after a mild and wet spring",
        "Farmers in the south of the country expect a record wheat harvest this year after a mild and "
        "wet spring, the agriculture ministry said.",
        "Prices on the local market have already fallen by a tenth since May, traders said on Thursday.",
    ],
]


def _page(i: int) -> RawDocument:
    text = "\n".join([*STORIES[i], FOOTER])
    return RawDocument(f"p{i}", f"p{i}.txt", "text/plain", text, "utf-8", {"url": f"https://www.example.org/{i}"})


def _table(pages: list[RawDocument]) -> SourceLines:
    table = SourceLines()
    for page in pages:
        table.add(source_key(page.meta), page.text)
    return table


def test_a_line_on_every_page_of_the_source_leaves_the_body():
    pages = [_page(i) for i in range(3)]
    table = _table(pages)
    assert table.pages == {"example.org": 3}
    repeated = table.repeated("example.org")
    assert repeated == {line_key(FOOTER)}
    for page, story in zip(pages, STORIES, strict=True):
        assert FOOTER in clean(page).body  # a sentence-shaped footer the rules and the model keep
        article = clean(page, boilerplate=repeated)
        assert article.body.split("\n\n") == story[1:]


def test_a_source_with_one_page_or_unknown_has_no_boilerplate():
    table = _table([_page(0)])
    assert table.repeated("example.org") == frozenset()
    assert table.repeated(None) == frozenset()
    table.add(None, "a page of no known source")
    assert table.pages == {"example.org": 1}


def test_source_key_prefers_the_source_field():
    assert source_key({"source": "bbc", "url": "https://www.bbc.co.uk/x"}) == "bbc"
    assert source_key({"url": "https://www.bbc.co.uk/x"}) == "bbc.co.uk"
    assert source_key({}) is None
    assert line_key("  Share   THIS ") == line_key("share this")


def test_the_content_hash_changes_only_with_the_boilerplate_the_page_holds():
    page = _page(0)
    other = frozenset({line_key("a line this page does not hold")})
    assert content_hash(page, other) == content_hash(page)
    assert content_hash(page, frozenset({line_key(FOOTER)})) != content_hash(page)


def test_memory_is_bounded_by_pruning_once_seen_lines(monkeypatch):
    monkeypatch.setattr(source_lines, "MAX_LINES", 10)
    table = SourceLines()
    table.add("s", "\n".join(["menu", "footer", *(f"only here {i}" for i in range(8))]))
    table.add("s", "\n".join(["menu", "footer", *(f"second page {i}" for i in range(8))]))
    assert set(table.counts["s"].values()) == {2} and len(table.counts["s"]) == 2
    assert table.repeated("s") == {line_key("menu"), line_key("footer")}
