"""The service as deployed: ``wsgi:app`` under a real gunicorn process on a free port."""

from __future__ import annotations

import json
import re

import requests

from tests.corpora import ROOT


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
    readme = (ROOT / "README.md").read_text()
    url = re.search(r"curl -s '(http://127\.0\.0\.1:8000[^']+)'", readme)[1]
    shown = json.loads(re.search(r"```json\n(.*?)\n```", readme, re.S)[1])
    answer = requests.get(url.replace("http://127.0.0.1:8000", server), timeout=10).json()
    assert answer.pop("took_ms") >= 0 and shown.pop("took_ms") >= 0  # the one value that differs between runs
    assert answer == shown


def test_fresh_results_after_reindex_without_restart_or_failure(tmp_path):
    """A running server answers from a new generation on the next request; no request fails meanwhile."""
    import threading

    from searchsvc.indexing.build import reindex
    from tests.corpora import MAX_BYTES
    from tests.system.servers import start_gunicorn

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Harbour opens\n\nThe old harbour opens to ferries again this spring.\n")
    reindex(corpus, index_dir, MAX_BYTES)
    failures: list[str] = []
    stop = threading.Event()

    def hammer(base: str) -> None:
        while not stop.is_set():
            response = requests.get(f"{base}/api/search", params={"q": "harbour"}, timeout=10)
            if response.status_code != 200:
                failures.append(f"{response.status_code} {response.text[:200]}")

    with start_gunicorn(index_dir, tmp_path / "log.txt", workers=2) as base:
        before = requests.get(f"{base}/api/health", timeout=10).json()
        assert requests.get(f"{base}/api/search", params={"q": "lighthouse"}, timeout=10).json()["total"] == 0
        load = threading.Thread(target=hammer, args=(base,))
        load.start()
        try:
            (corpus / "b.txt").write_text("Lighthouse restored\n\nThe lighthouse by the harbour shines again.\n")
            reindex(corpus, index_dir, MAX_BYTES)
            # Every one of the two workers answers from the new generation at once (each request checks it).
            for _ in range(6):
                assert requests.get(f"{base}/api/search", params={"q": "lighthouse"}, timeout=10).json()["total"] == 1
                after = requests.get(f"{base}/api/health", timeout=10).json()
                assert after["generation"] != before["generation"] and after["documents"] == 2
        finally:
            stop.set()
            load.join()
    assert failures == []
