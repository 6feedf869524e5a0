"""``POST /api/batch`` over the dated flood corpus: JSON bodies, text-file uploads, CSV, bounds."""

from __future__ import annotations

import csv
import io

import pytest

from searchsvc.web.app import create_app

WEEKS = ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29", "2024-02-05"]


@pytest.fixture()
def client(coverage_client):
    return coverage_client  # the flood corpus's app, not the sample corpus's


def post(client, body=None, **kwargs):
    response = client.post("/api/batch", json=body, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_each_query_has_its_total_top_hits_and_counts_over_one_range(client):
    body = post(client, {"queries": ["flood", "cup final", "valley"], "per_page": 2, "interval": "week"})
    assert body.pop("took_ms") >= 0
    assert (body["interval"], body["starts"]) == ("week", WEEKS)
    summary = [
        (r["query"], r["total"], [c["count"] for c in r["timeline"]], r["undated"], r["timed_out"])
        for r in body["results"]
    ]
    assert summary == [
        ("flood", 5, [2, 0, 0, 1, 0, 1], 1, False),
        ("cup final", 2, [1, 1, 0, 0, 0, 0], 0, False),  # "final" is in the semi-final too
        ("valley", 2, [1, 0, 0, 0, 0, 0], 1, False),
    ]
    assert [c["start"] for c in body["results"][0]["timeline"]] == WEEKS
    for row in body["results"]:  # the same hits, scores and order as a search of the query
        searched = client.get("/api/search", query_string={"q": row["query"], "per_page": 2}).get_json()["results"]
        assert [(h["id"], h["score"], h["group_size"]) for h in row["hits"]] == [
            (h["id"], h["score"], h["group_size"]) for h in searched
        ]


def test_filters_apply_to_every_query(client):
    body = post(client, {"queries": ["flood", "valley"], "source": ["Alpha"], "collapse": False, "interval": "month"})
    assert [(r["total"], [c["count"] for c in r["timeline"]]) for r in body["results"]] == [(2, [2]), (0, [0])]
    assert body["starts"] == ["2024-01-01"] and len(body["results"][0]["hits"]) == 2  # three by default


def test_a_text_file_upload(client):
    data = {"file": (io.BytesIO("\ufeffflood\n\n  Сборная \r\n".encode()), "queries.txt"), "interval": "year"}
    body = post(client, None, data=data, content_type="multipart/form-data")
    assert [(r["query"], r["total"]) for r in body["results"]] == [("flood", 5), ("Сборная", 1)]
    assert body["starts"] == ["2024-01-01"]


def test_csv_of_the_table(client):
    response = client.post(
        "/api/batch?format=csv", data={"queries": "flood\ncup", "per_page": "1", "interval": "month"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=searchsvc-batch.csv"
    assert list(csv.reader(io.StringIO(response.get_data(as_text=True)))) == [
        ["query", "total", "undated", "hit_1_id", "hit_1_title", "2024-01-01", "2024-02-01"],
        ["flood", "5", "1", "f-alpha", "River flood closes the old bridge", "3", "1"],
        ["cup", "1", "0", "sport-1", "Cup final goes to extra time", "1", "0"],
    ]


def test_no_dated_match_has_no_periods(client):
    body = post(client, {"queries": ["diary"]})
    assert body["starts"] == [] and body["results"][0]["timeline"] == [] and body["results"][0]["undated"] == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"json": {"queries": []}}, "no queries"),
        ({"json": {"queries": "flood"}}, "list of strings"),
        ({"json": ["flood"]}, "JSON object"),
        ({"json": {"queries": ["flood", "x" * 1001]}}, "query 2: the query is longer"),
        ({"json": {"queries": ["flood"], "from": "soon"}}, "'from' must be a date"),
        ({"json": {"queries": ["flood"], "lang": {"en": 1}}}, "'lang' must be"),
        ({"json": {"queries": ["flood"], "interval": "hour"}}, "interval"),
        ({"data": "flood", "content_type": "application/json"}, "JSON object"),
        (
            {"data": {"file": (io.BytesIO(b"\xff\xfe\x00f"), "q.txt")}, "content_type": "multipart/form-data"},
            "not UTF-8",
        ),
    ],
)
def test_bad_batches_are_json_400(client, kwargs, message):
    response = client.post("/api/batch", **kwargs)
    assert response.status_code == 400
    assert message in response.get_json()["error"]["message"]


def test_queries_per_batch_are_bounded(coverage_index):
    client = create_app({"index_dir": coverage_index, "max_batch_queries": 2}).test_client()
    response = client.post("/api/batch", json={"queries": ["flood", "cup", "valley"]})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["limit"]) == ("limit_exceeded", "max_batch_queries")
    assert client.post("/api/batch", json={"queries": ["flood", "cup"]}).status_code == 200
    too_big = client.post("/api/batch", data={"queries": "flood\n" * 200_000})
    assert too_big.status_code == 413 and too_big.get_json()["error"]["code"] == "request_entity_too_large"


def test_get_is_not_allowed(client):
    response = client.get("/api/batch")
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"
