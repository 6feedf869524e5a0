"""The JSON API and the HTML page through Flask's test client, over a real index."""

from __future__ import annotations

import pytest

from searchsvc.indexing.build import reindex
from searchsvc.web.app import warm_up

RESPONSE_FIELDS = [
    *("query", "total", "page", "per_page", "results"),
    *("facets", "suggestion", "sort", "timed_out", "took_ms"),
]
RESULT_FIELDS = [
    *("id", "title", "url", "source", "author", "published", "lang", "speakers", "score", "snippet"),
    *("title_html", "matches", "group_size"),
]


def test_search_answers_the_contract(client):
    response = client.get("/api/search?q=Stoltenberg&per_page=3")
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == RESPONSE_FIELDS
    assert (body["query"], body["total"], body["page"], body["per_page"]) == ("Stoltenberg", 5, 1, 3)
    assert len(body["results"]) == 3
    assert all(list(hit) == RESULT_FIELDS for hit in body["results"])
    scores = [hit["score"] for hit in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_search_second_page(client):
    first = client.get("/api/search?q=Stoltenberg&per_page=3").get_json()
    second = client.get("/api/search?q=Stoltenberg&per_page=3&page=2").get_json()
    ids = [hit["id"] for hit in first["results"] + second["results"]]
    assert len(set(ids)) == 5


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "bad_request"),
        ("?q=", "bad_request"),
        ("?q=%20%20", "bad_request"),
        ("?q=nato&page=0", "bad_request"),
        ("?q=nato&page=abc", "bad_request"),
        ("?q=nato&sort=random", "bad_request"),
        ("?q=nato&from=yesterday", "bad_request"),
        ("?q=nato&from=2024-01-01&to=2023-01-01", "bad_request"),
        ("?q=nato&per_page=-1", "limit_exceeded"),
        ("?q=nato&per_page=101", "limit_exceeded"),
    ],
)
def test_bad_search_requests_are_json_400(client, query, code):
    response = client.get("/api/search" + query)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"]["code"] == code and body["error"]["message"]
    assert body["took_ms"] >= 0


def test_document_and_missing_document(client):
    doc = client.get("/api/documents/001_96ed12033e6e814c").get_json()
    assert doc["title"] == "Stoltenberg announces increased cooperation with Ukraine"
    assert doc["author"] == "Maria Kholina"
    missing = client.get("/api/documents/nope")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"


def test_unknown_route_is_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_health_reports_the_generation(client):
    health = client.get("/api/health").get_json()
    assert health["status"] == "ok"
    assert health["documents"] == 5
    assert health["generation"].startswith("gen-")
    assert health["built_at"]


def test_no_index_is_a_503(make_app, tmp_path):
    client = make_app(index_dir=tmp_path / "empty").test_client()
    response = client.get("/api/search?q=nato")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "index_unavailable"


def test_warm_up_opens_the_index_before_the_first_request(app, client):
    warm_up(app)
    warmed = app.extensions["searchsvc"].snapshot()
    # what a first request would otherwise build: the metadata columns and the ranking statistics
    assert warmed._columns is not None and warmed._stats is not None
    assert client.get("/api/search?q=nato").status_code == 200
    assert app.extensions["searchsvc"].snapshot() is warmed  # requests go on with the warmed snapshot


def test_warm_up_without_an_index_only_logs(make_app, tmp_path, caplog):
    app = make_app(index_dir=tmp_path / "empty")
    warm_up(app)
    assert "no warm-up" in caplog.text
    assert app.test_client().get("/api/search?q=nato").status_code == 503


def test_page_without_query_shows_the_form(client):
    html = client.get("/").get_data(as_text=True)
    assert '<form role="search"' in html and '<label for="q">' in html
    assert 'class="result"' not in html


def test_page_shows_ranked_results(client):
    html = client.get("/?q=Umerov").get_data(as_text=True)
    assert 'value="Umerov"' in html
    assert "Stoltenberg announces increased cooperation with Ukraine" in html
    assert "<mark>Umerov</mark>" in html


def test_page_escapes_hostile_query_and_content(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(
        "Evil <script>alert(1)</script> headline\n\n"
        'The payload <img src=x onerror="alert(2)"> sits in the body of this article about payloads.\n'
    )
    reindex(corpus, tmp_path / "index", 10**6)
    from searchsvc.web.app import create_app

    client = create_app({"index_dir": tmp_path / "index"}).test_client()
    html = client.get("/?q=payload <script>alert(3)</script>").get_data(as_text=True)
    assert "<script>" not in html and "<img" not in html
    text = html.replace("<mark>", "").replace("</mark>", "")  # matched words are marked, even inside the payload
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=" in text
    api = client.get("/api/search?q=payload").get_json()
    assert "<img" not in api["results"][0]["snippet"]
