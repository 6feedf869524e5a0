"""HTTP benchmark: ours and a naive Flask + Whoosh service, each gunicorn (one worker per core) under wrk.

    python -m bench.http [--index DIR] [--runs 3] [--seconds 10] [--connections 8] [--skip-reindex]

Indexes ``../shared/bench/news/`` (unless ``--index`` holds an index already) and builds the naive
service's own Whoosh index of the same articles (``bench/.cache/naive-whoosh``, once), starts
gunicorn for ``wsgi:app`` and for ``bench/naive_service.py``, and prints the median of ``--runs`` wrk
runs of each, ours and naive alternating: requests/s, p50, p99, errors, and the CPU time the
workers spent per request served, read from ``/proc`` (stable when other work shares the machine,
unlike requests/s), with the capacity of the cores derived from it. Queries: 200 from
``../shared/bench/retrieval/*/queries.dev.tsv``, cycled. Also: ``/api/health`` as the framework's
floor, each query once from one client with every cache cold for it, and (without
``--skip-reindex``) a full reindex into the served index while wrk keeps asking. Rewrites the HTTP
table of ``bench/README.md``.
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

from bench.query import NAIVE_DIR, naive_whoosh  # noqa: E402
from bench.results import Row  # noqa: E402
from bench.results import record as record_results  # noqa: E402
from searchsvc.config import Settings  # noqa: E402
from searchsvc.search.serving import IndexHandle  # noqa: E402
from tests.system.servers import start_gunicorn  # noqa: E402  (the test suite's way of starting the real server)

QUERIES = 200
LUA = """
local paths = {%(paths)s}
local requests = {}
local i = 0
local errors = 0
-- each thread starts at its own share of the queries, so that a short run (a slow server) still
-- asks as many different ones as it serves requests
local threads = 0
setup = function(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
-- each request formatted once per thread, as wrk advises: wrk shares the server's two cores
init = function(args)
  for k, path in ipairs(paths) do requests[k] = wrk.format("GET", path) end
  i = (offset or 0) * math.floor(#requests / %(threads)d)
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
        script.write(LUA % {"paths": ", ".join(json.dumps(p) for p in paths), "threads": threads})
    try:
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", script.name, base],
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
    results = [measured(base, paths, seconds, connections) for _ in range(runs)]
    return medians(results)


def medians(results: list[dict]) -> dict:
    """The median of each figure over runs."""
    keys = ("rps", "p50_ms", "p99_ms", "errors", "cpu_ms")
    return {key: statistics.median(r[key] for r in results) for key in keys}


def measured(base: str, paths: list[str], seconds: float, connections: int) -> dict:
    """One wrk run, with the CPU time the server's workers spent per request served (``cpu_ms``):
    unlike requests/s, it hardly moves when other work shares the cores."""
    workers = worker_pids(base)
    before = cpu_seconds(workers)
    result = wrk(base, paths, seconds, connections)
    result["cpu_ms"] = 1000 * (cpu_seconds(workers) - before) / max(result["requests"], 1)
    return result


def worker_pids(base: str) -> list[int]:
    """The gunicorn workers serving ``base``: children of the master process bound to its port."""
    bind = base.removeprefix("http://").encode()
    parents = {pid: ppid for pid, ppid in _processes()}
    masters = [pid for pid in parents if bind in _cmdline(pid) and parents[pid] == os.getpid()]
    return [pid for pid, ppid in parents.items() if ppid in masters]


def _processes() -> list[tuple[int, int]]:
    """``(pid, parent pid)`` of every process (Linux ``/proc``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                found.append((int(entry.name), int(_stat(int(entry.name))[1])))
            except (OSError, IndexError, ValueError):  # gone meanwhile
                continue
    return found


def _stat(pid: int) -> list[str]:
    """The fields of ``/proc/PID/stat`` after the command name (state, ppid, ...)."""
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU seconds the processes have used."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = _stat(pid)
        total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return total / ticks


def cold_pass(base: str, paths: list[str]) -> dict:
    """Each query once, one client: latency with nothing cached for that query, the pass's length
    and the workers' CPU time per request (every query once, where a wrk run of a slow server
    serves only some)."""
    workers = worker_pids(base)
    before, begun = cpu_seconds(workers), time.perf_counter()
    times = []
    for path in paths:
        started = time.perf_counter()
        response = requests.get(base + path, timeout=60)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    cpu_ms = 1000 * (cpu_seconds(workers) - before) / len(paths)
    times.sort()
    return {
        "p50_ms": statistics.median(times),
        "p99_ms": times[int(len(times) * 0.99) - 1],
        "max_ms": times[-1],
        "seconds": time.perf_counter() - begun,
        "cpu_ms": cpu_ms,
    }


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
    ix = IndexHandle(args.index).get()
    size = ix.doc_count()
    if not (NAIVE_DIR / "done").exists():
        print(f"building the naive service's Whoosh index of the same {size} articles into {NAIVE_DIR} ...", flush=True)
    naive_whoosh(ix)
    queries = load_queries(words=args.words)
    paths = [f"/api/search?q={quote(q)}" for q in queries]
    naive_paths = [f"/search?q={quote(q)}" for q in queries]
    workers = os.cpu_count() or 2
    logs = Path(tempfile.gettempdir())
    naive_app = f"bench.naive_service:create_app({str(NAIVE_DIR)!r})"
    with (
        start_gunicorn(args.index, logs / "searchsvc-bench-gunicorn.log", workers) as base,
        start_gunicorn(args.index, logs / "searchsvc-bench-naive.log", workers, naive_app, naive_paths[0]) as naive,
    ):
        for _ in range(workers * 2):  # every worker opens its searcher and reads its columns once
            requests.get(base + paths[0], timeout=30)
            requests.get(naive + naive_paths[0], timeout=60)
        cut = f" cut to {args.words} words" if args.words else ""
        print(
            f"{size} articles, {len(paths)} real queries{cut}; gunicorn {workers} workers each for ours and the "
            f"naive service (bench/naive_service.py); wrk {args.connections} connections; median of {args.runs} "
            f"x {args.seconds:.0f}s, ours and naive runs alternating; load average {_load()}",
            flush=True,
        )
        cold = cold_pass(base, paths)
        print(
            f"ours, one client, each query once (cold): p50 {cold['p50_ms']:.1f} ms, p99 {cold['p99_ms']:.1f} ms, "
            f"max {cold['max_ms']:.1f} ms",
            flush=True,
        )
        naive_pass = cold_pass(naive, naive_paths)
        print(
            f"naive, one client, each query once: p50 {naive_pass['p50_ms']:.1f} ms, p99 "
            f"{naive_pass['p99_ms']:.1f} ms, worker CPU {naive_pass['cpu_ms']:.1f} ms/request; ours "
            f"{cold['cpu_ms']:.2f} ms/request",
            flush=True,
        )
        # long enough for the naive service's runs to ask every query about once
        naive_seconds = max(args.seconds, round(1.2 * naive_pass["seconds"] / workers))
        reference = median_runs(base, ["/api/health"], args.runs, args.seconds, args.connections)
        ours_runs, naive_runs = [], []
        for _ in range(args.runs):
            ours_runs.append(measured(base, paths, args.seconds, args.connections))
            naive_runs.append(measured(naive, naive_paths, naive_seconds, args.connections))
        ours, naive_figures = medians(ours_runs), medians(naive_runs)
        print(f"naive runs of {naive_seconds}s each; load average {_load()}")
        for name, figures in (
            ("reference /api/health", reference),
            ("ours /api/search", ours),
            ("naive /search", naive_figures),
        ):
            print(
                f"{name:<22} {figures['rps']:7.1f} req/s, p50 {figures['p50_ms']:6.1f} ms, "
                f"p99 {figures['p99_ms']:7.1f} ms, errors {figures['errors']:.0f}, "
                f"worker CPU {figures['cpu_ms']:.2f} ms/request (capacity of {workers} cores: "
                f"{capacity(figures, workers):.0f} req/s)",
                flush=True,
            )
        print(
            f"ours / naive: throughput {ours['rps'] / naive_figures['rps']:.1f}x; CPU per request, each query "
            f"once: {naive_pass['cpu_ms'] / cold['cpu_ms']:.1f}x less (warm under wrk: "
            f"{naive_pass['cpu_ms'] / ours['cpu_ms']:.1f}x)"
        )
        print(f"ours / reference throughput: {ours['rps'] / reference['rps']:.3f}; load average {_load()}")
        during = None
        if not args.skip_reindex:
            during = during_reindex(base, paths, corpus, args.index, args.connections)
            print(
                f"during a full reindex ({during['switched']}, exit {during['reindex_exit']}): "
                f"{during['requests']} requests, {during['errors']} errors, {during['rps']:.0f} req/s, "
                f"worst p99 {during['p99_ms']:.1f} ms"
            )
    naive_figures["cpu_ms"] = naive_pass["cpu_ms"]  # over every query once: its wrk runs serve few
    table = rows(ours, naive_figures, reference, cold, during, workers)
    record_results("http", table, notes(size, len(paths), args, naive_seconds))


def capacity(figures: dict, cores: int) -> float:
    """Requests/s the cores would serve if the workers had them to themselves: cores / CPU per request."""
    return cores * 1000 / figures["cpu_ms"] if figures["cpu_ms"] else float("nan")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def rows(ours: dict, naive: dict, reference: dict, cold: dict, during: dict | None, cores: int) -> list[Row]:
    """The README's HTTP table."""
    ratio = ours["rps"] / naive["rps"]
    table = [
        Row("/api/search throughput", f"{ours['rps']:.0f} requests/s", "≥ 300 requests/s", ours["rps"] >= 300),
        Row(
            "/api/search p50 / p99",
            f"{ours['p50_ms']:.1f} / {ours['p99_ms']:.1f} ms",
            "p99 ≤ 50 ms",
            ours["p99_ms"] <= 50,
        ),
        Row(
            "ours / naive service throughput",
            f"{ratio:.1f}× ({naive['rps']:.1f} requests/s, p99 {naive['p99_ms']:.0f} ms)",
            "≥ 4×",
            ratio >= 4,
        ),
        Row(
            "worker CPU per request: ours under wrk / ours, each query once / naive, each query once",
            f"{ours['cpu_ms']:.2f} / {cold['cpu_ms']:.2f} / {naive['cpu_ms']:.1f} ms "
            f"(ours {naive['cpu_ms'] / cold['cpu_ms']:.1f}× less, each query once)",
        ),
        Row(
            f"{cores}-core capacity from CPU per request, ours / naive",
            f"{capacity(ours, cores):.0f} / {capacity(naive, cores):.0f} requests/s",
            "≥ 300 requests/s (ours)",
            capacity(ours, cores) >= 300,
        ),
        Row("errors under load", f"{ours['errors']:.0f}", "0", ours["errors"] == 0),
        Row("reference /api/health", f"{reference['rps']:.0f} requests/s"),
        Row("one client, each query once (cold)", f"p50 {cold['p50_ms']:.1f} ms, p99 {cold['p99_ms']:.1f} ms"),
    ]
    if during is not None:
        table.append(
            Row(
                "errors during a full reindex",
                f"{during['errors']} of {during['requests']} "
                f"({during['rps']:.0f} requests/s, worst p99 {during['p99_ms']:.0f} ms)",
                "0",
                during["errors"] == 0,
            )
        )
    return table


def notes(size: int, queries: int, args: argparse.Namespace, naive_seconds: float) -> str:
    return (
        f"{size:,} news articles, {queries} real queries, gunicorn with one worker per core for each service, "
        f"wrk {args.connections} connections sharing the cores; medians of {args.runs} runs (ours {args.seconds:g} "
        f"s, naive {naive_seconds:g} s, so that it too is asked every query), ours and the naive service "
        "(`bench/naive_service.py`: Whoosh's OR parser with stemming, no snippets or facets) alternating. "
        "Requests/s depend on what else runs on the machine; CPU per request (the workers' CPU seconds / "
        "requests served, from `/proc`) much less; the capacity is the cores divided by it. The naive "
        "service's CPU is over one pass of every query (its short wrk runs serve few)."
    )


if __name__ == "__main__":
    main()
