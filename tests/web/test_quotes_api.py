"""``/api/quotes``, ``/api/speakers`` and ``/api/speakers/<name>`` on a real index, and their CLI twins."""

from __future__ import annotations

import json

import pytest

from searchsvc.cli import main
from searchsvc.web.app import create_app


@pytest.fixture()
def speech_client(speech_index):
    app = create_app({"index_dir": speech_index})
    app.config["TESTING"] = True
    return app.test_client()


def test_quotes_answer_as_the_issue_specifies(speech_client):
    data = speech_client.get("/api/quotes?q=defence").get_json()
    assert set(data) == {"query", "total", "page", "per_page", "results", "facets", "timed_out", "took_ms"}
    assert data["total"] == 1
    quote = data["results"][0]
    assert set(quote) == {"speaker", "text", "text_html", "article", "span"}
    assert set(quote["article"]) == {"id", "title", "url", "source", "published", "lang"}
    assert quote["speaker"] == "Jens Stoltenberg" and "<mark>defence</mark>" in quote["text_html"]
    assert set(data["facets"]) == {"speaker", "lang", "year"}


def test_quotes_of_a_speaker_newest_first_and_filters(speech_client):
    data = speech_client.get("/api/quotes?speaker=Столтенберг").get_json()
    assert [r["article"]["id"] for r in data["results"]] == ["uk-nato", "ru-nato", "en-nato"]
    assert speech_client.get("/api/quotes?speaker=Stoltenberg&lang=ru").get_json()["total"] == 1
    assert speech_client.get("/api/quotes?speaker=Stoltenberg&from=2024&to=2024").get_json()["total"] == 1
    assert speech_client.get("/api/quotes?q=corridor&source=wire").get_json()["total"] == 1


@pytest.mark.parametrize(
    "query", ["", "?q=", "?q=grain&page=x", "?q=grain&from=20x", "?q=grain&per_page=1000", "?q=grain&page=0"]
)
def test_bad_quote_requests_are_json_400(speech_client, query):
    response = speech_client.get(f"/api/quotes{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"]


def test_speakers_most_quoted_first_and_filtered_by_name_in_any_script(speech_client):
    data = speech_client.get("/api/speakers").get_json()
    assert [r["name"] for r in data["results"]] == ["Jens Stoltenberg", "Dmytro Kuleba"]
    first = data["results"][0]
    assert set(first) == {"name", "variants", "articles", "quotes", "first_seen", "last_seen"}
    assert first == {
        "name": "Jens Stoltenberg",
        "variants": ["Jens Stoltenberg", "Єнс Столтенберг", "Йенс Столтенберг"],
        "articles": 3,
        "quotes": 3,
        "first_seen": "2023-06-01",
        "last_seen": "2024-01-10",
    }
    for prefix in ("Столт", "stolt", "Єнс", "Stoltenberg"):
        names = [r["name"] for r in speech_client.get(f"/api/speakers?q={prefix}").get_json()["results"]]
        assert names == ["Jens Stoltenberg"], prefix
    assert speech_client.get("/api/speakers?lang=en&q=Кулеба").get_json()["total"] == 1
    assert speech_client.get("/api/speakers?lang=ru&q=Kuleba").get_json()["total"] == 0
    assert speech_client.get("/api/speakers?page=0").status_code == 400


def test_one_speaker_with_years_and_latest_quotes(speech_client):
    data = speech_client.get("/api/speakers/Єнс Столтенберг").get_json()
    assert data["name"] == "Jens Stoltenberg" and data["years"] == {"2024": 1, "2023": 2}
    assert [q["article"]["id"] for q in data["latest_quotes"]] == ["uk-nato", "ru-nato", "en-nato"]
    missing = speech_client.get("/api/speakers/Nobody Atall")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_the_cli_prints_the_apis_answers(runner, speech_index, speech_client):
    args = ["--index", str(speech_index)]
    out = runner.invoke(main, ["quotes", "defence", "--json", *args])
    assert out.exit_code == 0, out.output
    api = speech_client.get("/api/quotes?q=defence").get_json()
    printed = json.loads(out.output)
    assert printed["results"] == api["results"] and printed["total"] == api["total"]
    out = runner.invoke(main, ["quotes", "--speaker", "Столтенберг", *args])
    assert out.exit_code == 0 and out.output.startswith("3 quotes") and "Jens Stoltenberg: “" in out.output
    out = runner.invoke(main, ["speakers", "Кул", "--json", *args])
    assert [r["name"] for r in json.loads(out.output)["results"]] == ["Dmytro Kuleba"]
    out = runner.invoke(main, ["speakers", *args])
    assert "Jens Stoltenberg (also Єнс Столтенберг, Йенс Столтенберг)" in out.output
    bad = runner.invoke(main, ["quotes", *args])
    assert bad.exit_code != 0 and "speaker" in bad.output
