"""Growth to a million articles: reindex time, memory, index size and query latency against collection size.

Collections are built from the news set (``../shared/bench/news``) by ``bench.indexing``: the
55,326 news articles, then new articles re-mixed from paragraphs of other articles of the same
language (never a copied document). For each size, in a fresh temporary folder and each step in
a fresh process:

- full reindex (``searchsvc reindex --full``, the CLI): seconds, docs/s, peak RSS of the process
  tree (reindex plus cleaning and writer processes, summed, polled with psutil: fork-shared pages
  count once per process, so it is an upper bound) and the generation's size on disk;
- the cold first query after a process start, twice: with the index files evicted from the page
  cache (``posix_fadvise`` on those files only) and with them cached; each is the time to open the
  index and its ``Snapshot`` plus the first search (the columns are read on first use);
- in-process query latency (``bench.query``: 200 dev queries, top 10 with snippets, facets and the
  spelling suggestion): ``--query-runs`` passes in one process, the first cold, p50/p99 of the
  warm ones (median over passes), and the peak RSS of that process;
- no-change reindex and reindex after 1 % of the articles changed (``--runs`` each, median).

Every figure carries the 1-minute load average before and after its step (the machine is shared).
Prints a markdown table and the growth exponents (least squares on log-log), saves a plot to
``bench/scale.png`` and the figures to ``bench/.cache/scale.json`` (``--replot`` redraws from it);
``bench/.cache/scale-full-N.jsonl`` traces each process's RSS, once a second, of each full reindex.

    .venv/bin/python -m bench.scale [--max 200000] [--sizes full,200000,500000,1000000] [--runs 3] [--tmp DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.indexing import NEWS, ROOT, build_corpus, change_one_percent, folder_mib, run_polled
from bench.results import Row
from bench.results import record as record_results

NEWS_SIZE = 55_326
DEFAULT_SIZES = "full,200000,500000,1000000"
RESULTS = ROOT / "bench" / ".cache" / "scale.json"
PLOT = ROOT / "bench" / "scale.png"
TRACES = ROOT / "bench" / ".cache"  # scale-full-N.jsonl: MiB per process, each second of the full reindex
GOAL_PEAK_MIB = 2048
GOAL_P99_MS = 100.0
GOAL_NOCHANGE_SHARE = 0.05
REPORT = re.compile(r"indexed (\d+), skipped (\d+) in ([\d.]+)s.*?updated (\d+),.*?(\d+) near-duplicates grouped", re.S)

# (key, label, unit) of the figures the exponents are fitted to and the plot draws.
SERIES = (
    ("full_s", "full reindex", "s"),
    ("full_cpu_s", "full reindex, CPU seconds", "s"),
    ("nochange_s", "no-change reindex", "s"),
    ("changed_s", "1 %-changed reindex", "s"),
    ("p50_ms", "query p50 (warm)", "ms"),
    ("p99_ms", "query p99 (warm)", "ms"),
    ("first_cached_ms", "cold first query (page cache warm)", "ms"),
    ("first_evicted_ms", "cold first query (index evicted)", "ms"),
    ("peak_mib", "peak RSS, full reindex", "MiB"),
    ("query_peak_mib", "peak RSS, query process", "MiB"),
    ("index_mib", "index on disk", "MiB"),
)


def load() -> float:
    return os.getloadavg()[0]


def reindex_cli(corpus: Path, index: Path, full: bool = False, trace: Path | None = None) -> dict:
    """One ``searchsvc reindex`` in a fresh process: wall seconds, the run's own seconds, peak RSS, counts."""
    command = shutil.which("searchsvc", path=str(Path(sys.executable).parent)) or "searchsvc"
    args = [command, "reindex", "--corpus", str(corpus), "--index", str(index)] + (["--full"] if full else [])
    before, cpu = load(), cpu_of_children()
    output, seconds, peak = run_polled(args, "reindex", trace)
    match = REPORT.search(output)
    if not match:
        raise RuntimeError(f"unexpected reindex output: {output!r}")
    indexed, skipped, own, updated, grouped = match.groups()
    return {
        "wall_s": seconds,
        "own_s": float(own),
        "cpu_s": cpu_of_children() - cpu,
        "peak_mib": peak,
        "indexed": int(indexed),
        "skipped": int(skipped),
        "updated": int(updated),
        "grouped": int(grouped),
        "load": (before, load()),
    }


def query_child(index: Path, queries: int, runs: int, evict: bool) -> dict:
    """The query figures of ``child_queries`` from a fresh process, with that process's peak RSS."""
    args = [sys.executable, "-m", "bench.scale", "--child-queries", str(index), "--queries", str(queries)]
    args += ["--query-runs", str(runs)] + (["--evict"] if evict else [])
    before, cpu = load(), cpu_of_children()
    output, _, peak = run_polled(args, "query")
    result = json.loads(output.strip().splitlines()[-1])
    return {**result, "peak_mib": peak, "cpu_s": cpu_of_children() - cpu, "load": (before, load())}


def cpu_of_children() -> float:
    """CPU seconds (user + system) of every finished child process and the descendants they waited
    for: a step's share of the two cores whatever else runs on them, beside its wall-clock time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def evict(folder: Path) -> None:
    """Drop the files of ``folder`` from the page cache (only theirs: other processes' stay cached)."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def child_queries(index: Path, count: int, runs: int, evict_first: bool) -> dict:
    """In this fresh process: open the index, time the first query, then ``runs`` passes of ``count`` queries."""
    from bench.query import dev_queries, ours_engine, p99, timed

    queries = dev_queries(count)
    if evict_first:
        evict(index)
    started = time.perf_counter()
    engine = ours_engine(index)
    opened = time.perf_counter()
    engine(queries[0])
    first = time.perf_counter()
    timeouts: set[str] = set()

    def counted(query: str) -> None:
        if engine(query).timed_out:
            timeouts.add(query)

    passes = []
    for _ in range(runs):
        times = timed(counted, queries)
        passes.append({"p50": statistics.median(times), "p99": p99(times), "mean": statistics.fmean(times)})
    return {
        "open_ms": 1000 * (opened - started),
        "first_ms": 1000 * (first - opened),
        "passes": passes,
        "timeouts": len(timeouts),
        "queries": len(queries),
    }


def bench_size(work: Path, size: int | None, runs: int, queries: int, query_runs: int) -> dict:
    corpus, index = work / "corpus", work / "index"
    started = time.perf_counter()
    docs = build_corpus(corpus, size)
    corpus_mib = folder_mib(corpus)
    print(f"\n## {docs:,} articles: corpus {corpus_mib:.0f} MiB in {time.perf_counter() - started:.0f}s", flush=True)
    trace = TRACES / f"scale-full-{docs}.jsonl"
    trace.unlink(missing_ok=True)
    full = reindex_cli(corpus, index, full=True, trace=trace)
    if full["indexed"] != docs:
        raise RuntimeError(f"indexed {full['indexed']} of {docs} articles")
    generation = (index / "CURRENT").read_text().strip()
    index_mib = folder_mib(index / generation)
    print(
        f"  full reindex: {full['wall_s']:.1f}s ({full['own_s']:.1f}s in the run, {full['cpu_s']:.0f} CPU s), "
        f"{docs / full['wall_s']:.0f} docs/s, "
        f"peak {full['peak_mib']:.0f} MiB, index {index_mib:.0f} MiB, load {_loads([full])}",
        flush=True,
    )
    evicted = query_child(index, 1, 0, evict=True)
    print(
        f"  first query, index evicted: open {evicted['open_ms']:.0f} ms + query {evicted['first_ms']:.0f} ms, "
        f"load {_loads([evicted])}",
        flush=True,
    )
    served = query_child(index, queries, query_runs, evict=False)
    warm = served["passes"][1:] or served["passes"]
    for number, figures in enumerate(served["passes"], 1):
        print(f"  queries pass {number}: p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms", flush=True)
    print(
        f"  first query, cached: open {served['open_ms']:.0f} ms + query {served['first_ms']:.0f} ms; "
        f"{served['timeouts']} of {served['queries']} queries timed out; query process peak "
        f"{served['peak_mib']:.0f} MiB, load {_loads([served])}",
        flush=True,
    )
    nochange = [reindex_cli(corpus, index) for _ in range(runs)]
    times = ", ".join(f"{r['wall_s']:.2f}s" for r in nochange)
    print(f"  no change: {times}, load {_loads(nochange)}", flush=True)
    changed = []
    for run in range(runs):
        edited = change_one_percent(corpus, seed=run)
        changed.append(reindex_cli(corpus, index))
        print(
            f"  1 % changed: {changed[-1]['wall_s']:.2f}s ({edited} edited, {changed[-1]['updated']} updated), "
            f"peak {changed[-1]['peak_mib']:.0f} MiB, load {_loads(changed[-1:])}",
            flush=True,
        )
    steps = [full, evicted, served, *nochange, *changed]
    return {
        "docs": docs,
        "corpus_mib": corpus_mib,
        "full_s": full["wall_s"],
        "full_own_s": full["own_s"],
        "full_cpu_s": full["cpu_s"],
        "nochange_cpu_s": statistics.median(r["cpu_s"] for r in nochange),
        "changed_cpu_s": statistics.median(r["cpu_s"] for r in changed),
        "queries_cpu_s": served["cpu_s"],
        "docs_s": docs / full["wall_s"],
        "peak_mib": full["peak_mib"],
        "index_mib": index_mib,
        "grouped": full["grouped"],
        "skipped": full["skipped"],
        "first_evicted_ms": evicted["open_ms"] + evicted["first_ms"],
        "first_evicted_open_ms": evicted["open_ms"],
        "first_cached_ms": served["open_ms"] + served["first_ms"],
        "first_cached_open_ms": served["open_ms"],
        "cold_p50_ms": served["passes"][0]["p50"],
        "cold_p99_ms": served["passes"][0]["p99"],
        "p50_ms": statistics.median(p["p50"] for p in warm),
        "p99_ms": statistics.median(p["p99"] for p in warm),
        "mean_ms": statistics.median(p["mean"] for p in warm),
        "timeouts": served["timeouts"],
        "query_peak_mib": served["peak_mib"],
        "nochange_s": statistics.median(r["wall_s"] for r in nochange),
        "nochange_own_s": statistics.median(r["own_s"] for r in nochange),
        "changed_s": statistics.median(r["wall_s"] for r in changed),
        "changed_own_s": statistics.median(r["own_s"] for r in changed),
        "changed_peak_mib": max(r["peak_mib"] for r in changed),
        "load_min": min(min(s["load"]) for s in steps),
        "load_max": max(max(s["load"]) for s in steps),
        "load_full": list(full["load"]),
        "load_queries": list(served["load"]),
    }


def _loads(steps: list[dict]) -> str:
    values = [value for step in steps for value in step["load"]]
    return f"{min(values):.1f}-{max(values):.1f}"


def exponent(sizes: list[float], values: list[float]) -> float | None:
    """Slope of log(value) against log(size), least squares; None with fewer than two positive points."""
    points = [(math.log(n), math.log(v)) for n, v in zip(sizes, values, strict=True) if v > 0]
    if len(points) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else None


def print_table(rows: list[dict]) -> dict[str, float | None]:
    print(
        "\n| articles | full reindex (CPU s) | docs/s | peak RSS MiB | index MiB | no-change (of full) | 1 %-changed "
        "| query p50 / p99 ms (warm) | cold pass p50 / p99 | first query ms: evicted / cached | query RSS MiB "
        "| load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        share = 100 * r["nochange_s"] / r["full_s"]
        print(
            f"| {r['docs']:,} | {r['full_s']:.0f} s ({r['full_cpu_s']:.0f}) | {r['docs_s']:.0f} "
            f"| {r['peak_mib']:.0f} | {r['index_mib']:,.0f} "
            f"| {r['nochange_s']:.1f} s ({share:.1f} %) | {r['changed_s']:.1f} s "
            f"| {r['p50_ms']:.1f} / {r['p99_ms']:.1f} | {r['cold_p50_ms']:.1f} / {r['cold_p99_ms']:.1f} "
            f"| {r['first_evicted_ms']:.0f} / {r['first_cached_ms']:.0f} | {r['query_peak_mib']:.0f} "
            f"| {r['load_min']:.1f}-{r['load_max']:.1f} |"
        )
    sizes = [r["docs"] for r in rows]
    exponents = {key: exponent(sizes, [r[key] for r in rows]) for key, _, _ in SERIES}
    print("\ngrowth exponents (value ∝ articles^b, least squares on log-log):")
    for key, label, _ in SERIES:
        b = exponents[key]
        print(f"  {label:<36} b = {'-' if b is None else f'{b:.2f}'}")
    top = rows[-1]
    print(f"\ngoals at {top['docs']:,} articles (the largest size run):")
    print(
        f"  peak RSS during reindex <= {GOAL_PEAK_MIB} MiB: {_verdict(top['peak_mib'] <= GOAL_PEAK_MIB)} "
        f"({top['peak_mib']:.0f} MiB; 1 %-changed reindex {top['changed_peak_mib']:.0f} MiB)"
    )
    print(
        f"  query p99 (warm) <= {GOAL_P99_MS:.0f} ms: {_verdict(top['p99_ms'] <= GOAL_P99_MS)} ({top['p99_ms']:.1f} ms)"
    )
    share = top["nochange_s"] / top["full_s"]
    print(
        f"  no-change reindex <= {100 * GOAL_NOCHANGE_SHARE:.0f} % of a full one: "
        f"{_verdict(share <= GOAL_NOCHANGE_SHARE)} ({100 * share:.1f} %)"
    )
    return exponents


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def plot(rows: list[dict], exponents: dict[str, float | None], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullLocator

    sizes = [r["docs"] for r in rows]
    panels = (
        ("reindex time (s)", "s", None),
        ("query time (ms)", "ms", GOAL_P99_MS),
        ("memory and disk (MiB)", "MiB", GOAL_PEAK_MIB),
    )
    figure, axes = plt.subplots(1, 3, figsize=(17, 5.8))
    for axis, (title, unit, goal) in zip(axes, panels, strict=True):
        for key, label, series_unit in SERIES:
            if series_unit != unit:
                continue
            b = exponents[key]
            axis.plot(
                sizes, [r[key] for r in rows], marker="o", label=f"{label} (b = {'-' if b is None else f'{b:.2f}'})"
            )
        if goal:
            what = "p99 goal" if unit == "ms" else "peak RSS goal"
            axis.axhline(goal, color="grey", linestyle="--", linewidth=1, label=f"{what}: {goal:g} {unit}")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xticks(sizes, [_short(n) for n in sizes])
        axis.xaxis.set_minor_locator(NullLocator())
        axis.set_xlabel("articles")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8, loc="best")
    stamp = rows[-1].get("date", "")
    figure.suptitle(f"searchsvc growth with collection size (bench/scale.py, 2 cores; {stamp})")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    print(f"\nplot: {path}")


def _short(n: int) -> str:
    return f"{n / 1e6:g}M" if n >= 1_000_000 else f"{n / 1000:.0f}k"


def sizes_from(raw: str, top: int | None) -> list[int | None]:
    """The sizes asked for (``full``: the news set), at most ``top``, with ``top`` itself as the largest."""
    sizes = [None if item == "full" else int(item) for item in raw.split(",")]
    if top is None:
        return sizes
    kept = [s for s in sizes if (s or NEWS_SIZE) <= top]
    if not kept or (kept[-1] or NEWS_SIZE) < top:
        kept.append(top)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help=f"article counts, 'full' is the news set ({DEFAULT_SIZES})"
    )
    parser.add_argument("--max", type=int, help="leave out sizes above this and make it the largest")
    parser.add_argument("--runs", type=int, default=3, help="no-change and 1 %%-changed reindexes per size (median)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--query-runs", type=int, default=3, help="passes over the queries; the first is cold")
    parser.add_argument("--tmp", type=Path, help="folder for the corpora and indexes (default: the system's)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="JSON of the figures, written after each size")
    parser.add_argument("--plot", type=Path, default=PLOT)
    parser.add_argument("--replot", action="store_true", help="table and plot from --results, measuring nothing")
    parser.add_argument("--child-queries", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--evict", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_queries:
        print(json.dumps(child_queries(args.child_queries, args.queries, args.query_runs, args.evict)))
        return
    if args.replot:
        rows = json.loads(args.results.read_text())["rows"]
        plot(rows, print_table(rows), args.plot)
        return
    if not NEWS.is_file():
        sys.exit(f"no news set at {NEWS}")
    sizes = sizes_from(args.sizes, args.max)
    commit = os.popen(f"git -C {ROOT} rev-parse --short HEAD").read().strip()
    print(f"cores: {len(os.sched_getaffinity(0))}; sizes: {sizes}; commit {commit}; load {load():.1f}", flush=True)
    rows: list[dict] = []
    args.results.parent.mkdir(parents=True, exist_ok=True)
    TRACES.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-scale-", dir=args.tmp) as work:
            row = bench_size(Path(work), size, args.runs, args.queries, args.query_runs)
        row.update(date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), commit=commit)
        rows.append(row)
        args.results.write_text(json.dumps({"sizes": sizes, "rows": rows}, indent=1))
    exponents = print_table(rows)
    plot(rows, exponents, args.plot)
    sizes_run = ", ".join(f"{r['docs']:,}" for r in rows)
    record_results("scale", result_rows(rows[-1], exponents), f"Sizes {sizes_run}; plot `scale.png`.")


def result_rows(top: dict, exponents: dict[str, float | None]) -> list[Row]:
    """The goals' rows at the largest size run."""
    size = f"{top['docs']:,}"
    share = top["nochange_s"] / top["full_s"]
    growth = exponents.get("full_cpu_s")
    return [
        Row(
            f"{size}: no-change reindex",
            f"{top['nochange_s']:.1f} s ({100 * share:.1f} % of full)",
            "≤ 5 %",
            share <= GOAL_NOCHANGE_SHARE,
        ),
        Row(
            f"{size}: peak RSS during reindex",
            f"{top['peak_mib']:,.0f} MiB (1 %-changed {top['changed_peak_mib']:,.0f})",
            f"≤ {GOAL_PEAK_MIB:,} MiB",
            top["peak_mib"] <= GOAL_PEAK_MIB,
        ),
        Row(
            f"{size}: query p99, warm",
            f"{top['p99_ms']:.1f} ms (p50 {top['p50_ms']:.1f})",
            f"≤ {GOAL_P99_MS:.0f} ms",
            top["p99_ms"] <= GOAL_P99_MS,
        ),
        Row(
            f"{size}: full reindex",
            f"{top['docs_s']:.0f} docs/s" + ("" if growth is None else f"; CPU seconds grow as n^{growth:.2f}"),
        ),
        Row(
            f"{size}: first query after a start, cached / evicted",
            f"{top['first_cached_ms'] / 1000:.1f} / {top['first_evicted_ms'] / 1000:.1f} s",
        ),
    ]


if __name__ == "__main__":
    main()
