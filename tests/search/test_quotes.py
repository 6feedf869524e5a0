"""Quotes searched on their own: the query language, the filters, a speaker's quotes newest first."""

from __future__ import annotations

import json

import pytest

from searchsvc.indexing.build import reindex
from searchsvc.indexing.generations import current_generation
from searchsvc.indexing.quote_index import QUOTES_FOLDER
from searchsvc.query.limits import QueryError
from searchsvc.search.quotes import search_quotes
from searchsvc.search.request import search_request
from searchsvc.search.serving import IndexHandle
from tests.corpora import MAX_BYTES
from tests.speech_corpus import SPEECH


@pytest.fixture(scope="module")
def ix(speech_index):
    return IndexHandle(speech_index).get()


def _quotes(ix, q: str = "", **filters):
    return search_quotes(ix, search_request(q, **filters))


def test_words_find_the_quote_with_its_speaker_article_and_span(ix):
    response = _quotes(ix, "defence")
    assert response.total == 1
    quote = response.results[0]
    assert quote.speaker == "Jens Stoltenberg"
    assert quote.text_html == "We will deliver more air <mark>defence</mark> to Ukraine,"
    assert quote.article["id"] == "en-nato" and quote.article["published"] == "2023-06-01"
    body = next(a["body"] for a in SPEECH if a["id"] == "en-nato")
    assert body[quote.span[0] : quote.span[1]] == quote.text
    assert response.facets == {"speaker": {"Jens Stoltenberg": 1}, "lang": {"en": 1}, "year": {"2023": 1}}


def test_a_speaker_alone_lists_their_quotes_newest_first_in_any_script(ix):
    for name in ("Столтенберг", "Stoltenberg", "Єнс Столтенберг"):
        response = _quotes(ix, speaker=[name])
        assert [q.article["id"] for q in response.results] == ["uk-nato", "ru-nato", "en-nato"], name
        assert {q.speaker for q in response.results} == {"Jens Stoltenberg"}


def test_the_query_language_and_filters_of_articles(ix):
    assert _quotes(ix, "оборони").total == 2  # the stemmers of both languages
    assert _quotes(ix, "corridor OR оборона", lang=["en"]).total == 1
    assert _quotes(ix, "corridor OR оборона lang:ru").total == 1
    assert _quotes(ix, "speaker:Kuleba").results[0].speaker == "Dmytro Kuleba"
    assert _quotes(ix, "defence -Ukraine").total == 0
    assert _quotes(ix, '"air defence"', source=["wire"]).total == 1
    assert _quotes(ix, speaker=["Stoltenberg"], date_from="2024").total == 1
    assert _quotes(ix, speaker=["Stoltenberg"], date_to="2023-06-01").total == 1
    assert _quotes(ix, "grain", per_page=1, page=2).results == []


def test_a_quote_search_needs_words_or_a_speaker(ix):
    with pytest.raises(QueryError):
        _quotes(ix, "  ")
    with pytest.raises(QueryError):
        _quotes(ix, "grain", date_from="2024", date_to="2023")


def test_reindex_keeps_the_quotes_in_line_with_the_articles(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps(article, ensure_ascii=False) for article in SPEECH]
    (corpus / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    index = tmp_path / "index"
    reindex(corpus, index, MAX_BYTES)
    changed = dict(SPEECH[0], body='"Allies will send more tanks to the front this year," Jens Stoltenberg said.')
    rows = [json.dumps(changed), *lines[1:3]]  # one changed, Kuleba's article deleted
    (corpus / "a.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = reindex(corpus, index, MAX_BYTES)
    assert (report.updated, report.deleted) == (1, 1)
    assert (index / str(current_generation(index)) / QUOTES_FOLDER).is_dir()
    ix = IndexHandle(index).get()
    assert _quotes(ix, "tanks").total == 1 and _quotes(ix, "defence").total == 0
    assert _quotes(ix, speaker=["Kuleba"]).total == 0
    assert _quotes(ix, speaker=["Stoltenberg"]).total == 3
