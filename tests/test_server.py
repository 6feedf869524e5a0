"""The service as deployed: ``wsgi:app`` under a real gunicorn process on a free port."""

from __future__ import annotations

import json
import re
from pathlib import Path

import requests


def test_search_over_http(server):
    response = requests.get(f"{server}/api/search", params={"q": "Stoltenberg"}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["total"] == 5


def test_bad_query_over_http_is_json_400(server):
    response = requests.get(f"{server}/api/search", params={"q": ""}, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_page_over_http(server):
    response = requests.get(f"{server}/", params={"q": "drones"}, timeout=10)
    assert response.status_code == 200
    assert "<mark>drones</mark>" in response.text
    css = requests.get(f"{server}/static/search.css", timeout=10)
    assert css.status_code == 200 and "mark" in css.text


def test_readme_curl_example_gives_what_the_readme_shows(server):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    url = re.search(r"curl -s '(http://127\.0\.0\.1:8000[^']+)'", readme)[1]
    shown = json.loads(re.search(r"```json\n(.*?)\n```", readme, re.S)[1])
    answer = requests.get(url.replace("http://127.0.0.1:8000", server), timeout=10).json()
    assert answer.pop("took_ms") >= 0 and shown.pop("took_ms") >= 0  # the one value that differs between runs
    assert answer == shown
