"""``/api/timeline`` through Flask's test client over the dated flood corpus."""

from __future__ import annotations

import pytest

from searchsvc.web.app import create_app


@pytest.fixture()
def client(coverage_client):
    return coverage_client  # the flood corpus's app, not the sample corpus's


def test_weekly_timeline_by_source(client):
    response = client.get("/api/timeline?q=flood&interval=week&by=source&from=2024-01-20")
    assert response.status_code == 200
    body = response.get_json()
    assert body.pop("took_ms") >= 0
    weeks = ["2024-01-22", "2024-01-29", "2024-02-05"]
    assert body == {
        "query": "flood",
        "interval": "week",
        "by": "source",
        "total": 2,
        "buckets": [
            {"start": "2024-01-22", "count": 1, "total": 1, "share": 1.0},
            {"start": "2024-01-29", "count": 0, "total": 0, "share": 0.0},
            {"start": "2024-02-05", "count": 1, "total": 1, "share": 1.0},
        ],
        "series": {
            "Alpha": [
                {"start": s, "count": c, "share": f} for s, c, f in zip(weeks, [1, 0, 0], [1.0, 0.0, 0.0], strict=True)
            ]
        },
        "undated": 0,
        "timed_out": False,
    }


def test_every_filter_of_search_applies(client):
    def total(**params):
        return client.get("/api/timeline", query_string={"q": "flood", **params}).get_json()["total"]

    search_total = client.get("/api/search?q=flood&source=Beta&collapse=false").get_json()["total"]
    assert total(source="Beta", collapse="false") == search_total == 3
    assert total(source="Beta") == 2
    assert total(lang="ru") == 0
    assert total(speaker="Boris Kane") == 1
    assert total(to="2024-01") == 3


@pytest.mark.parametrize(
    "query", ["q=flood&interval=hour", "q=flood&by=colour", "q=", "q=flood&from=2024-13", "q=flood&collapse=perhaps"]
)
def test_bad_requests_are_json_400(client, query):
    response = client.get(f"/api/timeline?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request" and response.get_json()["error"]["message"]


def test_bucket_bound_is_a_setting(coverage_index):
    client = create_app({"index_dir": coverage_index, "max_timeline_buckets": 10}).test_client()
    response = client.get("/api/timeline?q=flood&interval=day")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["limit"]) == ("limit_exceeded", "max_timeline_buckets")
    assert client.get("/api/timeline?q=flood&interval=week").status_code == 200
