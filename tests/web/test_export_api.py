"""``/api/export`` and ``searchsvc export`` over the dated flood corpus: every match, streamed, in
the search's order, as RFC 4180 CSV or JSON lines."""

from __future__ import annotations

import csv
import io
import json

import pytest

from searchsvc.cli import main
from searchsvc.search.export import COLUMNS
from searchsvc.web.app import create_app

BY_DATE = ["f-alpha", "f-beta", "f-alpha-2", "f-nosource", "f-undated"]


@pytest.fixture()
def client(coverage_client):
    return coverage_client  # the flood corpus's app, not the sample corpus's


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_csv_is_every_match_in_order(client):
    response = client.get("/api/export?q=flood&sort=date")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response.headers["Content-Disposition"] == "attachment; filename=searchsvc-flood.csv"
    assert response.headers["X-Total-Count"] == "5" and response.headers["X-Timed-Out"] == "false"
    table = rows(response)
    assert [row["id"] for row in table] == BY_DATE
    assert list(table[0]) == list(COLUMNS)
    assert table[2] == {
        "id": "f-alpha-2",
        "title": "Flood defences to be rebuilt",
        "url": "",
        "source": "Alpha",
        "author": "",
        "published": "2024-01-24",
        "lang": "en",
        "speakers": "Anna Smith; Boris Kane",
        "score": "",
        "group_size": "1",
    }
    assert table[1]["group_size"] == "2" and table[4]["published"] == ""


def test_csv_is_rfc_4180(client):
    raw = client.get("/api/export?q=insurers").get_data()
    text = raw.decode("utf-8")
    assert text.startswith("id,title,url,source,author,published,lang,speakers,score,group_size\r\n")
    assert '"Insurers count the cost of the ""January flood"", again"' in text
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    with_bom = client.get("/api/export?q=insurers&bom=1").get_data()
    assert with_bom == b"\xef\xbb\xbf" + raw


def test_relevance_order_and_scores_are_the_search_page(client):
    searched = client.get("/api/search?q=flood+valley&per_page=20").get_json()["results"]
    exported = rows(client.get("/api/export?q=flood+valley"))
    assert [(row["id"], float(row["score"])) for row in exported] == [(hit["id"], hit["score"]) for hit in searched]


def test_json_lines_hold_the_api_values(client):
    response = client.get("/api/export?q=flood&format=jsonl&sort=-date&collapse=false")
    assert response.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=searchsvc-flood.jsonl"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    searched = client.get("/api/search?q=flood&sort=-date&collapse=false&per_page=20").get_json()["results"]
    assert lines == [{name: hit[name] for name in COLUMNS} for hit in searched]
    assert [line["id"] for line in lines][:3] == ["f-nosource", "f-alpha-2", "f-beta-copy"]


def test_file_name_of_a_cyrillic_query(client):
    header = client.get("/api/export?q=Сборная финал").headers["Content-Disposition"]
    assert header == (
        "attachment; filename=searchsvc-export.csv; "
        "filename*=UTF-8''searchsvc-%D1%81%D0%B1%D0%BE%D1%80%D0%BD%D0%B0%D1%8F-%D1%84%D0%B8%D0%BD%D0%B0%D0%BB.csv"
    )


def test_bounded_by_max_export_rows_not_the_result_window(coverage_index):
    client = create_app({"index_dir": coverage_index, "max_export_rows": 4, "max_result_window": 2}).test_client()
    over = client.get("/api/export?q=flood")
    assert over.status_code == 400
    error = over.get_json()["error"]
    assert (error["code"], error["limit"]) == ("limit_exceeded", "max_export_rows") and "5 articles" in error["message"]
    assert [row["id"] for row in rows(client.get("/api/export?q=flood&sort=date&limit=4"))] == BY_DATE[:4]
    assert client.get("/api/export?q=flood&limit=5").status_code == 400
    assert len(rows(client.get("/api/export?q=valley&collapse=false"))) == 3  # deeper than max_result_window


@pytest.mark.parametrize(
    "query",
    ["q=flood&format=xlsx", "q=flood&limit=lots", "q=flood&limit=-1", "q=", "q=flood&sort=size", "q=flood&bom=perhaps"],
)
def test_bad_requests_are_json_400(client, query):
    response = client.get(f"/api/export?{query}")
    assert response.status_code == 400 and response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("options", "query"),
    [
        (["--sort", "date"], "sort=date"),
        (["--format", "jsonl", "--all-copies", "--source", "Beta"], "format=jsonl&collapse=false&source=Beta"),
        (["--bom", "--from", "2024-01-10", "--limit", "2"], "bom=1&from=2024-01-10&limit=2"),
    ],
)
def test_the_command_writes_what_the_api_serves(runner, client, coverage_index, options, query):
    result = runner.invoke(main, ["export", "flood", "--index", str(coverage_index), *options])
    assert result.exit_code == 0, result.output
    served = client.get(f"/api/export?q=flood&{query}").get_data()
    assert result.stdout_bytes == served and served.count(b"\n") >= 2
    assert "exported" in result.stderr


def test_the_command_reports_bad_input(runner, coverage_index):
    result = runner.invoke(main, ["export", "flood", "--to", "2024x", "--index", str(coverage_index)])
    assert result.exit_code != 0 and "'to' must be a date" in result.output and "Traceback" not in result.output
