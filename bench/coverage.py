"""Coverage over time, exports and batches on the 55k news set, each beside a reference in the same run.

The news set has no dates, so every article gets one, drawn with a fixed seed uniformly over five
years (2019-01-01 to 2023-12-31), written into the corpus copy that is indexed (``bench/.cache/coverage/``,
git-ignored; built once, then reused: ``--rebuild`` builds it again). Then:

- ``/api/timeline?interval=week&by=source`` and ``/api/search`` for the same 200 real queries
  (``bench.query.dev_queries``), alternating query by query in one process through Flask's test
  client: p50 and p99 of each, ``--runs`` runs, median over runs (goal: timeline p99 <= 50 ms and
  <= 1.5x the search's);
- ``/api/export?format=csv`` of a query matching >= 20,000 articles from a real gunicorn (one
  worker): rows per second and the worker's peak RSS growth over its RSS before the request,
  polled with psutil (goals: >= 5,000 rows/s, <= 50 MiB);
- ``POST /api/batch`` of 100 of the queries, beside the same 100 as single ``/api/search``
  requests, through the test client.

    .venv/bin/python -m bench.coverage [--runs 3] [--rebuild] [--only timeline,export,batch]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import psutil
import requests

from bench.indexing import NEWS, build_corpus
from bench.query import dev_queries, p99
from bench.results import Row
from bench.results import record as record_results
from searchsvc.indexing.build import reindex

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache" / "coverage"
FIRST_DAY, DAYS = date(2019, 1, 1), 5 * 365 + 1  # 2019-01-01 .. 2023-12-31
SEED = 18
EXPORT_QUERY = "year OR new OR said"  # 20,827 matches on the dated news set
BATCH_SIZE = 100
POLL_SECONDS = 0.01


def dated(seed: int = SEED):
    """A record transform giving each article a publication date drawn with ``seed``."""
    rng = random.Random(seed)

    def transform(record: dict) -> dict:
        return {**record, "published": (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()}

    return transform


def prepare(rebuild: bool) -> Path:
    """The dated corpus copy and its index under ``CACHE``, built when missing; the index folder."""
    if rebuild and CACHE.exists():
        shutil.rmtree(CACHE)
    corpus, index = CACHE / "corpus", CACHE / "index"
    if not corpus.exists():
        written = build_corpus(corpus, None, transform=dated())
        print(f"wrote {written} dated articles to {corpus}", flush=True)
    started = time.perf_counter()
    report = reindex(corpus, index, 50_000_000)  # brought up to date: a no-op when nothing changed
    print(f"index: {report.counts()} in {time.perf_counter() - started:.0f}s", flush=True)
    return index


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages, as ``cat /proc/loadavg`` starts."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _ms(client, path: str, body: dict | None = None) -> float:
    """Milliseconds of one request through the test client (a POST of ``body`` when given); it must succeed."""
    started = time.perf_counter()
    response = client.get(path) if body is None else client.post(path, json=body)
    elapsed = 1000 * (time.perf_counter() - started)
    if response.status_code != 200:
        raise RuntimeError(f"{path}: {response.status_code} {response.get_data(as_text=True)[:200]}")
    return elapsed


def bench_timeline(client, queries: list[str], runs: int) -> dict:
    """Timeline (weekly, by source) and search of each query, alternating, ``runs`` times: ms per request."""
    figures: dict[str, list[tuple[float, float]]] = {"timeline": [], "search": []}
    for run in range(1, runs + 1):
        times: dict[str, list[float]] = {"timeline": [], "search": []}
        for q in queries:
            arg = urlencode({"q": q})
            times["timeline"].append(_ms(client, f"/api/timeline?{arg}&interval=week&by=source"))
            times["search"].append(_ms(client, f"/api/search?{arg}"))
        for name, values in times.items():
            figures[name].append((statistics.median(values), p99(values)))
            p50, tail = figures[name][-1]
            print(f"  run {run} {name:<8} p50 {p50:6.2f}  p99 {tail:6.2f} ms; load {loadavg()}", flush=True)
    return {
        name: (statistics.median(m for m, _ in f), statistics.median(t for _, t in f)) for name, f in figures.items()
    }


def bench_batch(client, queries: list[str], runs: int) -> dict:
    """A batch of ``queries`` beside the same queries as single searches (3 hits each), ``runs`` times."""
    batch, single = [], []
    for run in range(1, runs + 1):
        batch.append(_ms(client, "/api/batch", {"queries": queries, "per_page": 3}))
        single.append(sum(_ms(client, f"/api/search?{urlencode({'q': q, 'per_page': 3})}") for q in queries))
        print(
            f"  run {run} batch of {len(queries)} {batch[-1]:7.0f} ms; {len(queries)} searches {single[-1]:7.0f} ms",
            flush=True,
        )
    return {"batch_ms": statistics.median(batch), "single_ms": statistics.median(single)}


def _worker(master: psutil.Process) -> psutil.Process:
    workers = master.children()
    if len(workers) != 1:
        raise RuntimeError(f"expected one gunicorn worker, found {len(workers)}")
    return workers[0]


def bench_export(index: Path, query: str, runs: int) -> list[dict]:
    """``/api/export`` of ``query`` from a real gunicorn (one worker): rows/s and the worker's peak RSS
    growth over its RSS just before the request (the index already open and warm)."""
    from tests.system.servers import start_gunicorn

    results = []
    with start_gunicorn(index, CACHE / "gunicorn.log", workers=1) as base:
        worker = _worker(next(p for p in psutil.Process().children() if "gunicorn" in " ".join(p.cmdline())))
        requests.get(f"{base}/api/export", params={"q": "nato", "format": "csv"}, timeout=60).raise_for_status()
        requests.get(f"{base}/api/timeline", params={"q": query}, timeout=60).raise_for_status()
        for run in range(1, runs + 1):
            results.append(_one_export(base, worker, query))
            line = results[-1]
            print(
                f"  run {run}: {line['rows']} rows ({line['mib']:.1f} MiB) in {line['seconds']:.2f}s = "
                f"{line['rows_s']:.0f} rows/s; RSS {line['before_mib']:.0f} MiB before, peak "
                f"+{line['growth_mib']:.1f} MiB; load {loadavg()}",
                flush=True,
            )
    return results


def _one_export(base: str, worker: psutil.Process, query: str) -> dict:
    before = worker.memory_info().rss
    peak, done = before, threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, worker.memory_info().rss)
            time.sleep(POLL_SECONDS)

    poller = threading.Thread(target=poll)
    poller.start()
    started = time.perf_counter()
    rows, size = -1, 0  # the header line is not a row
    with requests.get(f"{base}/api/export", params={"q": query, "format": "csv"}, stream=True, timeout=600) as answer:
        answer.raise_for_status()
        for chunk in answer.iter_content(chunk_size=1 << 16):
            rows += chunk.count(b"\r\n")
            size += len(chunk)
    seconds = time.perf_counter() - started
    done.set()
    poller.join()
    return {
        "rows": rows,
        "seconds": seconds,
        "rows_s": rows / seconds,
        "mib": size / 2**20,
        "before_mib": before / 2**20,
        "growth_mib": (peak - before) / 2**20,
    }


def bench_held(index: Path, query: str) -> dict:
    """Python heap peaks (tracemalloc) in this process of streaming the export of ``query`` and, as the
    reference, of what an export that held every row would hold: each row's stored fields at once."""
    import tracemalloc

    from searchsvc.search.export import ExportRequest, lines, prepare_export
    from searchsvc.search.service import SearchRequest
    from searchsvc.search.serving import IndexHandle, Snapshot

    snap = Snapshot(IndexHandle(index).get())
    export = prepare_export(snap, ExportRequest(SearchRequest(query)))
    for _ in lines(snap, export):  # warm: the stored fields' files opened, the columns read
        pass
    peaks = {}
    for name, run in (
        ("streamed", lambda: sum(len(text) for text in lines(snap, export))),
        ("held", lambda: len([snap.searcher.stored_fields(int(d)) for d in export.docs])),
    ):
        tracemalloc.start()
        run()
        peaks[name] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    snap.close()
    return peaks


def report_export(client, index: Path, query: str, runs: int) -> tuple[int, float, float]:
    """Print the export figures of ``query``: served by gunicorn, then the heap of streaming against holding;
    return the matches, the median rows/s and the largest RSS growth."""
    found = json.loads(client.get(f"/api/search?{urlencode({'q': query})}").get_data())["total"]
    print(f" {query!r} matches {found} articles", flush=True)
    results = bench_export(index, query, runs)
    rate, growth = statistics.median(r["rows_s"] for r in results), max(r["growth_mib"] for r in results)
    print(
        f" median {rate:.0f} rows/s (goal >= 5,000), peak RSS growth {growth:.1f} MiB at most (goal <= 50)",
        flush=True,
    )
    held = bench_held(index, query)
    print(
        f" Python heap peak in process: streamed {held['streamed']:.1f} MiB; every row's stored fields held "
        f"at once (the reference) {held['held']:.1f} MiB",
        flush=True,
    )
    return found, rate, growth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--only", default="timeline,export,batch", help="which parts to run")
    parser.add_argument("--prepare-only", action="store_true", help="build the dated corpus and index, then stop")
    args = parser.parse_args()
    if not NEWS.exists():
        sys.exit(f"no news set at {NEWS}")
    index = prepare(args.rebuild)
    if args.prepare_only:
        return
    from searchsvc.web.app import create_app

    parts = args.only.split(",")
    rows: list[Row] = []
    queries = dev_queries(200)
    client = create_app({"index_dir": index}).test_client()
    _ms(client, "/api/search?q=warm")  # the columns, statistics and dictionaries, once
    print(f"{date.today()} cores {os.cpu_count()} load {loadavg()}; {len(queries)} queries, {args.runs} runs")
    if "timeline" in parts:
        print("timeline (weekly, by=source) beside search, Flask test client, same process:", flush=True)
        summary = bench_timeline(client, queries, args.runs)
        (t50, t99), (s50, s99) = summary["timeline"], summary["search"]
        print(
            f"median of runs: timeline p50 {t50:.2f} p99 {t99:.2f} ms; search p50 {s50:.2f} p99 {s99:.2f} ms; "
            f"p99 ratio {t99 / s99:.2f} (goal p99 <= 50 ms and <= 1.5x); load {loadavg()}",
            flush=True,
        )
        rows.append(
            Row(
                "`/api/timeline` (week, by source) p99, 200 queries",
                f"{t99:.1f} ms (p50 {t50:.2f})",
                "≤ 50 ms",
                t99 <= 50,
            )
        )
        rows.append(
            Row(
                "timeline p99 / `/api/search` p99, same run",
                f"{t99 / s99:.2f} (search p99 {s99:.1f} ms)",
                "≤ 1.5×",
                t99 <= 1.5 * s99,
            )
        )
    if "export" in parts:
        print("export from a real gunicorn (one worker):", flush=True)
        for query in (EXPORT_QUERY, "lang:en"):
            found, rate, growth = report_export(client, index, query, args.runs)
            if query == EXPORT_QUERY:
                rows.append(
                    Row(
                        f"`/api/export` rows/s, {found:,} rows, one gunicorn worker",
                        f"{rate:,.0f}",
                        "≥ 5,000",
                        rate >= 5000,
                    )
                )
                rows.append(Row("that worker's peak RSS growth", f"+{growth:.1f} MiB", "≤ 50 MiB", growth <= 50))
    if "batch" in parts:
        print("batch of 100 queries beside 100 single searches, Flask test client:", flush=True)
        summary = bench_batch(client, queries[:BATCH_SIZE], args.runs)
        print(
            f"median of runs: batch {summary['batch_ms']:.0f} ms, searches {summary['single_ms']:.0f} ms "
            f"(ratio {summary['batch_ms'] / summary['single_ms']:.2f}); load {loadavg()}",
            flush=True,
        )
        ratio = summary["batch_ms"] / summary["single_ms"]
        rows.append(
            Row(
                "`/api/batch` of 100 queries / 100 single searches",
                f"{summary['batch_ms']:.0f} / {summary['single_ms']:.0f} ms ({ratio:.2f}×)",
            )
        )
    if parts == ["timeline", "export", "batch"]:
        record_results("coverage", rows, "55,326 news articles dated with a fixed seed over 2019-2023.")


if __name__ == "__main__":
    main()
