"""HTTP benchmark: gunicorn (one worker per core) under wrk, cycling real queries; then during a reindex.

    python -m bench.http [--index DIR] [--runs 3] [--seconds 10] [--connections 8]

Indexes ``../shared/bench/news/`` (unless ``--index`` holds an index already), starts gunicorn with
``wsgi:app``, and prints, as the median of ``--runs`` wrk runs: requests/s, p50, p99 and errors, for
``/api/search`` cycling 200 queries from ``../shared/bench/retrieval/*/queries.dev.tsv`` and, as the
reference run in the same process, for ``/api/health`` (the framework's floor). It also prints each
query once from one client with every cache cold for that query. Then it runs a full reindex of the
same corpus into the served index while wrk keeps asking, and reports failed requests.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from urllib.parse import quote  # noqa: E402

import requests  # noqa: E402

ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "bench"

from searchsvc.config import Settings  # noqa: E402
from tests.system.servers import start_gunicorn  # noqa: E402  (the test suite's way of starting the real server)

QUERIES = 200
LUA = """
local paths = {%(paths)s}
local requests = {}
local i = 0
local errors = 0
-- each request formatted once per thread, as wrk advises: wrk shares the server's two cores
init = function(args)
  for k, path in ipairs(paths) do requests[k] = wrk.format("GET", path) end
end
request = function()
  i = i %% #requests + 1
  return requests[i]
end
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%f, "p50_ms": %%f, "p99_ms": %%f, ' ..
    '"socket_errors": %%d, "non_2xx": %%d}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


def load_queries(limit: int = QUERIES, words: int = 0) -> list[str]:
    """``limit`` real queries (those within the default query bounds), in a fixed shuffled order.

    With ``words``, each query is cut to its first ``words`` words of four letters or more: the short
    keyword queries people type into a search box, from the same real topics.
    """
    settings = Settings.load(environ={})
    queries = []
    for path in sorted((SHARED / "retrieval").glob("*/queries.dev.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.partition("\t")[2].strip()
            if text and len(text) <= settings.max_query_length and len(text.split()) <= settings.max_terms:
                queries.append(text)
    random.Random(7).shuffle(queries)
    if words:
        queries = [" ".join([w for w in q.split() if len(w) >= 4 and w.isalpha()][:words]) for q in queries]
        queries = [q for q in queries if q]
    return queries[:limit]


def wrk(base: str, paths: list[str], seconds: float, connections: int, threads: int = 2) -> dict:
    """One wrk run cycling ``paths``; its figures as a dict."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": ", ".join(json.dumps(p) for p in paths)})
    try:
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script.name, base],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    result = json.loads(out.split("RESULT ", 1)[1].splitlines()[0])
    result["rps"] = result["requests"] / result["seconds"]
    result["errors"] = result["socket_errors"] + result["non_2xx"]
    return result


def median_runs(base: str, paths: list[str], runs: int, seconds: float, connections: int) -> dict:
    results = [wrk(base, paths, seconds, connections) for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) for key in ("rps", "p50_ms", "p99_ms", "errors")}


def cold_pass(base: str, paths: list[str]) -> dict:
    """Each query once, one client: latency with nothing cached for that query."""
    times = []
    for path in paths:
        started = time.perf_counter()
        response = requests.get(base + path, timeout=30)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    times.sort()
    return {"p50_ms": statistics.median(times), "p99_ms": times[int(len(times) * 0.99) - 1], "max_ms": times[-1]}


def reindex_command(corpus: Path, index: Path) -> list[str]:
    """The CLI's ``searchsvc reindex --full`` (every document rebuilt, a new generation) with this interpreter."""
    cli = "from searchsvc.cli import main; main()"
    return [sys.executable, "-c", cli, "reindex", "--full", "--corpus", str(corpus), "--index", str(index)]


def during_reindex(base: str, paths: list[str], corpus: Path, index: Path, connections: int) -> dict:
    """wrk runs back to back while a full reindex builds and switches a new generation."""
    before = requests.get(base + "/api/health", timeout=10).json()["generation"]
    reindexing = subprocess.Popen(reindex_command(corpus, index), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs = []
    while reindexing.poll() is None:
        runs.append(wrk(base, paths, 10, connections))
    runs.append(wrk(base, paths, 5, connections))  # after the switch, too
    after = requests.get(base + "/api/health", timeout=10).json()["generation"]
    return {
        "requests": sum(r["requests"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "rps": statistics.median(r["rps"] for r in runs),
        "p99_ms": max(r["p99_ms"] for r in runs),
        "switched": f"{before} -> {after}" if after != before else f"NOT switched from {before}",
        "reindex_exit": reindexing.returncode,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=Path(tempfile.gettempdir()) / "searchsvc-bench-news")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--words", type=int, default=0, help="cut each query to its first N longer words")
    parser.add_argument("--skip-reindex", action="store_true")
    args = parser.parse_args()
    corpus = SHARED / "news"
    if not corpus.is_dir():
        sys.exit(f"no benchmark data at {corpus}")
    if not (args.index / "CURRENT").exists():
        print(f"indexing {corpus} into {args.index} ...", flush=True)
        started = time.perf_counter()
        subprocess.run(reindex_command(corpus, args.index), check=True, stderr=subprocess.DEVNULL)
        print(f"indexed in {time.perf_counter() - started:.0f}s")
    paths = [f"/api/search?q={quote(q)}" for q in load_queries(words=args.words)]
    workers = os.cpu_count() or 2
    with start_gunicorn(args.index, Path(tempfile.gettempdir()) / "searchsvc-bench-gunicorn.log", workers) as base:
        for _ in range(workers * 2):  # every worker opens its searcher and reads its columns once
            requests.get(base + paths[0], timeout=30)
        cut = f" cut to {args.words} words" if args.words else ""
        print(
            f"{len(paths)} queries{cut}, gunicorn {workers} workers, wrk {args.connections} connections, "
            f"median of {args.runs} x {args.seconds:.0f}s",
            flush=True,
        )
        cold = cold_pass(base, paths)
        print(
            f"cold, one client, each query once: p50 {cold['p50_ms']:.1f} ms, p99 {cold['p99_ms']:.1f} ms, "
            f"max {cold['max_ms']:.1f} ms",
            flush=True,
        )
        reference = median_runs(base, ["/api/health"], args.runs, args.seconds, args.connections)
        searched = median_runs(base, paths, args.runs, args.seconds, args.connections)
        for name, figures in (("reference /api/health", reference), ("/api/search", searched)):
            print(
                f"{name}: {figures['rps']:.0f} req/s, p50 {figures['p50_ms']:.1f} ms, "
                f"p99 {figures['p99_ms']:.1f} ms, errors {figures['errors']:.0f}",
                flush=True,
            )
        print(f"search / reference throughput: {searched['rps'] / reference['rps']:.3f}")
        if not args.skip_reindex:
            during = during_reindex(base, paths, corpus, args.index, args.connections)
            print(
                f"during a full reindex ({during['switched']}, exit {during['reindex_exit']}): "
                f"{during['requests']} requests, {during['errors']} errors, {during['rps']:.0f} req/s, "
                f"worst p99 {during['p99_ms']:.1f} ms"
            )


if __name__ == "__main__":
    main()
