"""The search API's features through Flask's test client, over a real multilingual news index."""

from __future__ import annotations

import pytest

from searchsvc.web.app import create_app


@pytest.fixture(scope="module")
def news(news_index):
    app = create_app({"index_dir": news_index})
    app.config["TESTING"] = True
    return app.test_client()


def ids(client, **params) -> list[str]:
    body = client.get("/api/search", query_string=params).get_json()
    assert "error" not in body, body
    return [hit["id"] for hit in body["results"]]


def answer(client, **params) -> dict:
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # ``ru-nato`` writes НАТО: names and acronyms match across scripts (``analysis/name_keys.py``)
        ("nato", {"nato-vilnius", "drones-kyiv", "nato-budget", "ru-nato"}),
        ("nato -drones", {"nato-budget", "ru-nato"}),
        ("nato NOT drones", {"nato-budget", "ru-nato"}),
        ("grain OR apples", {"grain-deal", "apples"}),
        ('"interest rates"', {"rates-2021"}),
        ('"rates interest"', set()),
        ("appl*", {"apples"}),
        ("title:drones", {"drones-kyiv"}),
        ("speaker:zelensky", {"drones-kyiv"}),
        ("speaker:stoltenberg nato", {"nato-vilnius", "nato-budget"}),
        ("source:bbc nato", {"drones-kyiv", "nato-budget"}),
        ("lang:ru", {"ru-nato"}),
        ("lang:uk Україна", {"uk-grain"}),
        ("столтенберг", {"ru-nato", "nato-vilnius", "nato-budget", "drones-kyiv"}),
        ("grain?", {"grain-deal"}),
        ("colour:red grain", {"grain-deal"}),
        ('"grain exports', {"grain-deal"}),
        ("(grain OR apples", {"grain-deal", "apples"}),
        ("(nato -drones) OR grain", {"nato-budget", "grain-deal", "ru-nato"}),
        ("(summit -drones)", set()),
        ("-(drones OR budgets) nato", {"ru-nato"}),
        ("nato +budgets", {"nato-budget"}),
    ],
)
def test_query_language(news, q, expected):
    assert set(ids(news, q=q, per_page=20)) == expected


def test_a_quoted_single_word_is_that_word(news):
    quoted = answer(news, q='nato "drones"')["results"]
    plain = answer(news, q="nato drones")["results"]
    assert [(hit["id"], hit["score"]) for hit in quoted] == [(hit["id"], hit["score"]) for hit in plain]
    assert set(ids(news, q='-"drones" nato', per_page=20)) == {"nato-budget", "ru-nato"}


def test_a_hyphen_inside_a_word_does_not_exclude(news):
    found = ids(news, q="air-defence", per_page=20)
    assert found[0] == "nato-vilnius"  # the one article with both words; "defence" is not excluded


def test_exclusion_holds_in_the_any_word_fallback(news):
    # No document has both words, so the any-word fallback runs; the excluded word still excludes.
    found = set(ids(news, q="grain apples -cinnamon", per_page=20))
    assert found == {"grain-deal"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"lang": "ru"}, {"ru-nato"}),
        ({"lang": ["ru", "uk"]}, {"ru-nato", "uk-grain"}),
        ({"source": "reuters"}, {"nato-vilnius", "grain-deal", "rates-2021"}),
        ({"source": ["BBC", "Lenta.ru"]}, {"drones-kyiv", "apples", "nato-budget", "ru-nato"}),
        ({"speaker": "Jens Stoltenberg"}, {"nato-vilnius", "nato-budget", "ru-nato"}),  # and Йенс Столтенберг
        ({"from": "2024"}, {"drones-kyiv", "uk-grain", "nato-budget"}),
        ({"from": "2023-06-15", "to": "2023-07"}, {"nato-vilnius", "ru-nato"}),
        ({"to": "2021"}, {"rates-2021"}),
        ({"source": "Reuters", "from": "2022"}, {"nato-vilnius", "grain-deal"}),
    ],
)
def test_filters(news, params, expected):
    # "lang:xx" with no words lists every document in that language, so the filters alone decide.
    found = {i for q in ("lang:en", "lang:ru", "lang:uk") for i in ids(news, q=q, per_page=20, **params)}
    assert found == expected


def test_facets_count_the_whole_result_set(news):
    body = answer(news, q="nato", per_page=1)  # three English articles, and НАТО in a Russian one
    assert body["total"] == 4 and len(body["results"]) == 1
    assert body["facets"] == {
        "lang": {"en": 3, "ru": 1},
        "source": {"BBC": 2, "Lenta.ru": 1, "Reuters": 1},
        "speaker": {"Jens Stoltenberg": 3, "Volodymyr Zelensky": 1},  # Йенс Столтенберг is one person with him
        "year": {"2024": 2, "2023": 2},
    }
    filtered = answer(news, q="nato", source="BBC")
    assert filtered["total"] == 2 and filtered["facets"]["source"] == {"BBC": 2}


def test_sort_by_date_and_paging(news):
    newest = ids(news, q="lang:en", sort="-date", per_page=20)
    assert newest[:3] == ["drones-kyiv", "nato-budget", "nato-vilnius"]
    assert newest[-1] == "apples"  # undated last
    oldest = ids(news, q="lang:en", sort="date", per_page=20)
    assert oldest[:2] == ["rates-2021", "grain-deal"] and oldest[-1] == "apples"
    pages = [ids(news, q="lang:en", sort="-date", per_page=3, page=p) for p in (1, 2, 3)]
    assert [doc for page in pages for doc in page] == newest
    body = answer(news, q="nato", sort="-date")
    assert body["sort"] == "-date" and all(hit["score"] is None for hit in body["results"])


def test_relevance_scores_descend_and_page_two_continues(news):
    everything = answer(news, q="nato OR ukraine OR grain", per_page=20)
    scores = [hit["score"] for hit in everything["results"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == everything["total"]
    second = ids(news, q="nato OR ukraine OR grain", per_page=2, page=2)
    assert second == [hit["id"] for hit in everything["results"][2:4]]


def test_snippet_title_html_and_match_positions(news):
    hit = answer(news, q="drones")["results"][0]
    assert hit["id"] == "drones-kyiv"
    assert hit["title_html"] == "Ukraine receives new <mark>drones</mark>"
    assert "<mark>drones</mark>" in hit["snippet"]
    document = news.get("/api/documents/drones-kyiv").get_json()
    assert [document["title"][a:b] for a, b in hit["matches"]["title"]] == ["drones"]
    assert {document["body"][a:b] for a, b in hit["matches"]["body"]} == {"drones"}


def test_snippets_escape_markup(news):
    hit = answer(news, q="payload")["results"][0]
    assert hit["id"] == "xss"
    for html in (hit["snippet"], hit["title_html"]):
        assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in hit["title_html"] and "&lt;img src=x" in hit["snippet"]


@pytest.mark.parametrize(
    ("q", "suggestion"),
    [("stoltenbreg", "stoltenberg"), ("ukriane", "ukraine"), ("the stoltenbreg", "the stoltenberg")],
)
def test_did_you_mean(news, q, suggestion):
    body = answer(news, q=q)
    assert body["total"] == 0 and body["suggestion"] == suggestion
    assert answer(news, q=suggestion)["total"] > 0


def test_no_suggestion_when_the_query_is_fine(news):
    assert answer(news, q="grain")["suggestion"] is None


def test_similar_documents(news):
    body = news.get("/api/documents/nato-vilnius/similar").get_json()
    found = [hit["id"] for hit in body["results"]]
    assert "nato-vilnius" not in found
    assert found[0] in {"nato-budget", "drones-kyiv"}
    assert "rates-2021" not in found[:2]
    assert body["took_ms"] >= 0
    missing = news.get("/api/documents/nope/similar")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_document_and_health_carry_took_ms(news):
    assert news.get("/api/documents/apples").get_json()["took_ms"] >= 0
    health = news.get("/api/health").get_json()
    assert health["status"] == "ok" and health["documents"] == 9 and health["took_ms"] >= 0
    assert health["generation"].startswith("gen-") and health["built_at"]


def test_cors_on_api_get_and_preflight(news):
    response = news.get("/api/search?q=nato", headers={"Origin": "https://elsewhere.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = news.open(
        "/api/search",
        method="OPTIONS",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200 and "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in news.get("/").headers


def test_page_facets_pagination_and_suggestion(news):
    html = news.get("/?q=nato&per_page=2").get_data(as_text=True)
    assert 'href="/?q=nato&amp;per_page=2&amp;source=BBC"' in html
    assert 'rel="next" href="/?q=nato&amp;per_page=2&amp;page=2"' in html
    assert 'class="similar" href="/similar/nato-budget"' in html  # the page's two hits, in rank order
    assert html.index('href="/similar/nato-budget"') < html.index('href="/similar/nato-vilnius"')
    filtered = news.get("/?q=nato&source=BBC").get_data(as_text=True)
    assert "2 results" in filtered and 'title="Remove this filter"' in filtered
    assert '<input type="hidden" name="source" value="BBC">' in filtered
    suggested = news.get("/?q=stoltenbreg").get_data(as_text=True)
    assert 'Did you mean <a href="/?q=stoltenberg">stoltenberg</a>' in suggested
    empty = news.get("/?q=xylophone").get_data(as_text=True)
    assert "No articles match" in empty


def test_page_error_state_and_similar_page(news):
    error = news.get("/?q=nato&per_page=1000")
    assert error.status_code == 400 and 'role="alert"' in error.get_data(as_text=True)
    similar = news.get("/similar/nato-vilnius").get_data(as_text=True)
    assert "Articles like" in similar and "NATO members raise defence budgets" in similar
    assert news.get("/similar/nope").status_code == 404
