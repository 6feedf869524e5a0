"""Query latency on the news index: ours (the API's ``search()``, with snippets) vs naive Whoosh and tantivy.

200 dev queries of TIME, CISI and Cranfield (interleaved; long natural-language questions) run
in-process against indexes of the same 55k news articles (``../shared/bench/news``):

- ours: ``searchsvc.search.search`` on an index built by ``searchsvc reindex``, through a
  ``Snapshot`` (the searcher an API worker keeps open): top 10 with snippets, facet counts over all
  matches and the spelling suggestion, as ``GET /api/search`` computes them;
- naive Whoosh: StemmingAnalyzer title and text, OR parser, top 10, no snippets;
- tantivy-py: ``en_stem`` title and text, OR of the words, top 10 and their ids.

Each run sends every query once; ``--runs`` runs follow one another in the same process. The
first run is cold (empty per-word caches, files just opened); the others are warm. Prints p50
and p99 per engine and run, the median over runs, and ratios. Indexes are built once into
``bench/.cache/`` (git-ignored); ``--rebuild`` builds them again.

    .venv/bin/python -m bench.query [--runs 3] [--queries 200] [--rebuild]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.baselines import Tantivy, WhooshOr
from bench.results import Row
from bench.results import record as record_results
from searchsvc.indexing.build import reindex
from searchsvc.query.limits import Limits
from searchsvc.search.service import SearchRequest, SearchResponse, search
from searchsvc.search.serving import IndexHandle, Snapshot

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench"
NEWS = SHARED / "news" / "news.jsonl.gz"
CACHE = ROOT / "bench" / ".cache"
NAIVE_DIR = CACHE / "naive-whoosh"  # naive Whoosh over the news set, shared by query.py and http.py
COLLECTIONS = ("time", "cisi", "cran")


def dev_queries(count: int) -> list[str]:
    """``count`` dev queries, taken from the three collections in turn."""
    lists = []
    for name in COLLECTIONS:
        lines = (SHARED / "retrieval" / name / "queries.dev.tsv").read_text().splitlines()
        lists.append([line.split("\t", 1)[1] for line in lines if "\t" in line])
    mixed = [_within_limits(q) for group in _round_robin(lists) for q in group]
    return mixed[:count]


def _within_limits(query: str) -> str:
    """The query cut to what the API accepts (some CISI queries are whole abstracts): every engine gets the same."""
    limits = Limits()
    words = query.split()[: limits.max_terms]
    while len(" ".join(words)) > limits.max_query_length:
        words.pop()
    return " ".join(words)


def _round_robin(lists: list[list[str]]) -> Iterator[list[str]]:
    for i in range(max(len(items) for items in lists)):
        yield [items[i] for items in lists if i < len(items)]


def indexed_docs(ix) -> Iterator[tuple[str, str, str]]:
    """The documents our index holds (id, title, body), so every engine searches the same set."""
    with ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            yield fields["id"], fields.get("title") or "", fields.get("body") or ""


def build(rebuild: bool) -> tuple[dict[str, Callable[[str], object]], int]:
    """The three engines over the news set, each as ``query -> top 10``, and the number of documents."""
    if rebuild and CACHE.exists():
        shutil.rmtree(CACHE)
    CACHE.mkdir(parents=True, exist_ok=True)
    ours_dir = CACHE / "ours"
    corpus = CACHE / "corpus"
    corpus.mkdir(exist_ok=True)
    if not (corpus / NEWS.name).exists():
        (corpus / NEWS.name).symlink_to(NEWS)
    started = time.perf_counter()  # a cached index is brought up to date: rebuilt if the analysis changed
    report = reindex(corpus, ours_dir, 50_000_000)
    print(f"our index: {report.counts()} in {time.perf_counter() - started:.0f}s", flush=True)
    ix = IndexHandle(ours_dir).get()
    naive = naive_whoosh(ix)
    tantivy = Tantivy(indexed_docs(ix))
    engines = {
        "ours": ours_engine(ours_dir),
        "naive-whoosh": lambda q: naive.search(q, 10),
        "tantivy": lambda q: tantivy.search(q, 10),
    }
    return engines, ix.doc_count()


def naive_whoosh(ix, folder: Path = NAIVE_DIR) -> WhooshOr:
    """Naive Whoosh over the documents of our index ``ix``, built into ``folder`` once and reopened after."""
    built = (folder / "done").exists()
    if not built:
        shutil.rmtree(folder, ignore_errors=True)
    naive = WhooshOr(None if built else indexed_docs(ix), folder)
    (folder / "done").touch()
    return naive


def ours_engine(index_dir: Path) -> Callable[[str], SearchResponse]:
    """Our search over the index in ``index_dir`` as an API worker runs it: one ``Snapshot`` kept
    open (``LiveIndex``), top 10 with snippets, facet counts and the spelling suggestion."""
    snapshot = Snapshot(IndexHandle(index_dir).get())
    return lambda q: search(snapshot, SearchRequest(q, per_page=10))


def timed(engine: Callable[[str], object], queries: list[str]) -> list[float]:
    """Milliseconds per query, each query once."""
    times = []
    for q in queries:
        started = time.perf_counter()
        engine(q)
        times.append(1000 * (time.perf_counter() - started))
    return times


def p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if not NEWS.exists():
        sys.exit(f"no news set at {NEWS}")
    queries = dev_queries(args.queries)
    engines, size = build(args.rebuild)
    words = statistics.median(len(q.split()) for q in queries)
    print(f"{size} documents; {len(queries)} queries (median {words:.0f} words), {args.runs} runs; ms per query")
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in engines}
    for run in range(1, args.runs + 1):
        for name, engine in engines.items():
            times = timed(engine, queries)
            figures[name].append((statistics.median(times), p99(times)))
            label = "cold" if run == 1 else "warm"
            print(f"run {run} ({label}) {name:<13} p50 {figures[name][-1][0]:8.2f}  p99 {figures[name][-1][1]:8.2f}")
    summary = {
        name: (statistics.median(m for m, _ in f), statistics.median(p for _, p in f)) for name, f in figures.items()
    }
    print("\nmedian over runs:")
    for name, (median, tail) in summary.items():
        print(f"{name:<13} p50 {median:8.2f}  p99 {tail:8.2f}")
    ours, naive, tantivy = summary["ours"], summary["naive-whoosh"], summary["tantivy"]
    verdict = "met" if ours[0] <= naive[0] / 2 else "missed"
    print(f"ours / naive Whoosh p50: {ours[0] / naive[0]:.2f} (goal <= 0.5: {verdict})")
    print(f"ours p99: {ours[1]:.1f} ms (goal <= 50: {'met' if ours[1] <= 50 else 'missed'})")
    print(f"ours / tantivy: p50 {ours[0] / tantivy[0]:.0f}x, p99 {ours[1] / tantivy[1]:.0f}x")
    cold = figures["ours"][0]
    print(f"ours cold run alone: p50 {cold[0]:.2f}  p99 {cold[1]:.2f}")
    ratio = ours[0] / naive[0]
    record_results(
        "query",
        [
            Row("p50, ours / naive", f"{ours[0]:.2f} / {naive[0]:.1f} ms ({ratio:.2f}×)", "≤ 0.5×", ratio <= 0.5),
            Row("p99, ours", f"{ours[1]:.1f} ms", "≤ 50 ms", ours[1] <= 50),
            Row("cold first run, ours", f"p50 {cold[0]:.2f} ms, p99 {cold[1]:.1f} ms"),
            Row("ours / tantivy", f"p50 {ours[0] / tantivy[0]:.0f}×, p99 {ours[1] / tantivy[1]:.0f}×"),
        ],
        f"{size:,} news articles, {len(queries)} real queries with snippets and facets; medians of {args.runs} runs.",
    )


if __name__ == "__main__":
    main()
