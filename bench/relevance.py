"""Relevance on TIME, CISI and Cranfield: ours against three baselines, in one run.

Ours: each collection's ``corpus.jsonl`` is indexed with ``searchsvc`` reindex and its dev queries
go through ``searchsvc search --batch QUERIES --run OUT`` (the API's search path). Baselines,
over the same title and text: Whoosh defaults (two TEXT fields, default AND parser), Whoosh OR +
stemming, ``rank_bm25`` BM25Okapi and tantivy-py BM25. Prints nDCG@10, AP and R@100
(``ir-measures``) per system and collection, and ours minus the best baseline's nDCG@10.

    .venv/bin/python -m bench.relevance [--collections time,cisi,cran]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import ir_measures
from ir_measures import AP, R, nDCG

from bench.baselines import Bm25Okapi, Tantivy, WhooshDefault, WhooshOr
from bench.results import Row
from bench.results import record as record_results
from searchsvc.cli import main as cli
from searchsvc.indexing.build import reindex

ROOT = Path(__file__).resolve().parent.parent
RETRIEVAL = ROOT.parent / "shared" / "bench" / "retrieval"
MEASURES = [nDCG @ 10, AP, R @ 100]
DEPTH = 1000
GOAL_MARGIN = 0.02
DEFAULT_COLLECTIONS = "time,cisi,cran"


def load(collection: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    docs = []
    for line in (collection / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        docs.append((str(record["id"]), record.get("title") or "", record.get("text") or ""))
    queries = [tuple(line.split("\t", 1)) for line in (collection / "queries.dev.tsv").read_text().splitlines() if line]
    return docs, queries


def ours(collection: Path, work: Path) -> tuple[Path, float]:
    """Index with our reindex and write the run with ``search --batch``; returns the run's path."""
    corpus = work / "corpus"
    corpus.mkdir()
    (corpus / "corpus.jsonl").symlink_to(collection / "corpus.jsonl")
    reindex(corpus, work / "index", 50_000_000)
    run = work / "ours.run"
    started = time.perf_counter()
    args = ["search", "--index", str(work / "index"), "--batch", str(collection / "queries.dev.tsv")]
    cli.main([*args, "--run", str(run), "--limit", str(DEPTH)], standalone_mode=False)
    return run, time.perf_counter() - started


def baseline_run(engine, queries: list[tuple[str, str]]) -> tuple[dict[str, dict[str, float]], float]:
    started = time.perf_counter()
    run = {qid: dict(engine.search(text, DEPTH)) for qid, text in queries}
    return run, time.perf_counter() - started


def evaluate(qrels_path: Path, run: dict[str, dict[str, float]] | Path) -> dict[str, float]:
    qrels = list(ir_measures.read_trec_qrels(str(qrels_path)))
    if isinstance(run, Path):
        run = _read_run(run)
    scores = ir_measures.calc_aggregate(MEASURES, qrels, run)
    return {str(measure): scores[measure] for measure in MEASURES}


def _read_run(path: Path) -> dict[str, dict[str, float]]:
    run: dict[str, dict[str, float]] = {}
    for line in path.read_text().splitlines():
        qid, _, docid, _, score, _ = line.split()
        run.setdefault(qid, {})[docid] = float(score)
    return run


def bench(name: str) -> dict[str, dict[str, float]]:
    collection = RETRIEVAL / name
    docs, queries = load(collection)
    qrels = collection / "qrels.dev.txt"
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run, seconds = ours(collection, work)
        results["searchsvc"] = {**evaluate(qrels, run), "ms/query": 1000 * seconds / len(queries)}
        engines = {
            "whoosh-default": lambda: WhooshDefault(docs, work / "whoosh-default"),
            "whoosh-or-stem": lambda: WhooshOr(docs, work / "whoosh-or"),
            "rank_bm25": lambda: Bm25Okapi(docs),
            "tantivy": lambda: Tantivy(docs),
        }
        for label, build in engines.items():
            baseline, seconds = baseline_run(build(), queries)
            results[label] = {**evaluate(qrels, baseline), "ms/query": 1000 * seconds / len(queries)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", default=DEFAULT_COLLECTIONS)
    args = parser.parse_args()
    if not RETRIEVAL.is_dir():
        sys.exit(f"no benchmark data in {RETRIEVAL}")
    rows = []
    for name in args.collections.split(","):
        results = bench(name)
        print(f"\n## {name}")
        print(f"{'system':<16} {'nDCG@10':>8} {'AP':>7} {'R@100':>7} {'ms/query':>9}")
        for system, figures in results.items():
            print(
                f"{system:<16} {figures['nDCG@10']:8.3f} {figures['AP']:7.3f} {figures['R@100']:7.3f}"
                f" {figures['ms/query']:9.1f}"
            )
        best = max(f["nDCG@10"] for system, f in results.items() if system != "searchsvc")
        margin = results["searchsvc"]["nDCG@10"] - best
        verdict = "met" if margin >= GOAL_MARGIN else "missed"
        print(f"ours - best baseline nDCG@10: {margin:+.3f} (goal +{GOAL_MARGIN:.2f}: {verdict})")
        ours = results["searchsvc"]
        figure = f"{ours['nDCG@10']:.3f} (best baseline {best:.3f}, {margin:+.3f})"
        figure += f"; AP {ours['AP']:.3f}, R@100 {ours['R@100']:.3f}"
        rows.append(Row(f"{name} nDCG@10", figure, f"≥ best baseline + {GOAL_MARGIN:.2f}", margin >= GOAL_MARGIN))
    if args.collections == DEFAULT_COLLECTIONS:
        baselines = "Baselines in the same run: Whoosh default, Whoosh OR + stemming, rank_bm25, tantivy."
        record_results("relevance", rows, baselines)


if __name__ == "__main__":
    main()
