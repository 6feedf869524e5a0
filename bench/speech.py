"""``/api/quotes`` and ``/api/speakers`` latency on a built index (the 55k news set), in one process
through Flask's test client, with the figures recorded in ``bench/README.md`` (``results:speech``).

Requests per run: the 200 real queries of ``bench.query.dev_queries`` as ``/api/quotes?q=``; the 100
most-quoted speakers as ``/api/quotes?speaker=`` (all of their quotes, newest first) and as
``/api/speakers/<name>``; and the first two letters of each of them as ``/api/speakers?q=``. A warm-up
pass first (the columns, the people's keys), then ``--runs`` timed passes; p50 and p99 of all.

    .venv/bin/python -m bench.speech INDEX_DIR [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path
from urllib.parse import quote

from bench.query import dev_queries, p99
from bench.results import Row, record
from searchsvc.web.app import create_app


def _timed(client, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code not in (200, 404):
            raise SystemExit(f"{path}: {response.status_code} {response.get_data(as_text=True)[:200]}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("index", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    client = create_app({"index_dir": args.index}).test_client()
    top = client.get("/api/speakers?per_page=100").get_json()["results"]
    names = [person["name"] for person in top]
    groups = {
        "/api/quotes?q=": [f"/api/quotes?q={quote(q)}" for q in dev_queries(200)],
        "/api/quotes?speaker=": [f"/api/quotes?speaker={quote(n)}" for n in names],
        "/api/speakers?q=": [f"/api/speakers?q={quote(n[:2])}" for n in names],
        "/api/speakers/<name>": [f"/api/speakers/{quote(n)}" for n in names],
    }
    for paths in groups.values():
        _timed(client, paths)  # warm-up
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = []
    for name, paths in groups.items():
        times = [t for _ in range(args.runs) for t in _timed(client, paths)]
        p50, high = statistics.median(times), p99(times)
        print(f"{name:<24} {len(paths):>4} requests x {args.runs}: p50 {p50:.1f} ms, p99 {high:.1f} ms (load {load})")
        rows.append(
            Row(
                f"{name} p99 ({len(paths)} requests × {args.runs})",
                f"{high:.1f} ms (p50 {p50:.1f})",
                "≤ 50 ms",
                high <= 50,
            )
        )
    record("speech", rows, f"Index: {args.index}, {client.get('/api/health').get_json()['documents']} articles.")


if __name__ == "__main__":
    main()
