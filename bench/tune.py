"""Cross-validated choice of the ranking constants on the dev queries of TIME, CISI and Cranfield.

The dev queries of each collection are split in two folds (alternate queries). For each fold,
the configuration with the best mean nDCG@10 over the other fold of all three collections is
chosen, and its nDCG@10 on the held-out fold is reported: the figure to trust, since one default
serves every collection. Configurations are ``RankingParams`` variants, scored with the very
ranking function of the search path (``searchsvc.ranking.rank``).

    .venv/bin/python -m bench.tune
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import ir_measures
from ir_measures import nDCG

from searchsvc.analysis.analyzers import count_words
from searchsvc.indexing.build import reindex
from searchsvc.indexing.schema import Boosts, search_fields
from searchsvc.ranking.bm25f import RankingParams, ScoringRequest, query_words, rank
from searchsvc.ranking.meaning import query_vector
from searchsvc.search.serving import IndexHandle

ROOT = Path(__file__).resolve().parent.parent
RETRIEVAL = ROOT.parent / "shared" / "bench" / "retrieval"
COLLECTIONS = ("time", "cisi", "cran")
BASE = RankingParams()
# The default until 2026-12-03: RM3 shares ∝ scores, no verbose-query handling.
BEFORE = replace(BASE, feedback_temperature=None, verbose_words=None)
RM3 = replace(BEFORE, feedback_docs=10, feedback_terms=20, feedback_weight=0.5)
CANDIDATES: dict[str, RankingParams] = {
    "before: rm3 5d/30t/.5, shares ∝ scores": BEFORE,
    "rm3 shares exp(score/4), no verbose queries": replace(BASE, verbose_words=None),
    "verbose from 8 words": replace(BASE, verbose_words=8),
    "rm3 shares exp(score/2)": replace(BASE, feedback_temperature=2.0),
    "rm3 shares exp(score/4), verbose from 5 words (default)": BASE,
    "rm3 shares exp(score/8)": replace(BASE, feedback_temperature=8.0),
    "rm3 shares exp(score/4) 10d": replace(BASE, feedback_docs=10),
    "rm3 shares exp(score/4) 20t": replace(BASE, feedback_terms=20),
    "rm3 shares exp(score/4) 50t": replace(BASE, feedback_terms=50),
    "bm25f": replace(BASE, feedback_terms=0),
    "only-complete": replace(BASE, only_complete=True),
    "max_df=.1": replace(BASE, max_df=0.1),
    "max_df=.2": replace(BASE, max_df=0.2),
    "max_df=.05": replace(BASE, max_df=0.05),
    "rm3 5d/30t/.5 max_df=.1, shares ∝ scores": replace(RM3, feedback_docs=5, feedback_terms=30, max_df=0.1),
    "k1=0.9": replace(BASE, k1=0.9),
    "k1=1.6": replace(BASE, k1=1.6),
    "b.body=0.5": replace(BASE, b={**BASE.b, "body": 0.5}),
    "b.body=0.9": replace(BASE, b={**BASE.b, "body": 0.9}),
    "b.title=0.8": replace(BASE, b={**BASE.b, "title": 0.8}),
    "rm3 10d/20t/.5, shares ∝ scores": RM3,
    "rm3 10d/20t/.3, shares ∝ scores": replace(RM3, feedback_weight=0.3),
    "rm3 10d/40t/.5, shares ∝ scores": replace(RM3, feedback_terms=40),
}


def per_query(index_dir: Path, queries: list[tuple[str, str]], qrels: list, params: RankingParams) -> dict[str, float]:
    """nDCG@10 of each query under ``params``."""
    fields = search_fields(Boosts())
    run = {}
    with IndexHandle(index_dir).get().searcher() as searcher:
        for qid, text in queries:
            words = query_words(searcher, text, list(fields))
            request = ScoringRequest(words, fields, params, typed=count_words(text), meaning=query_vector(text))
            ranked = rank(searcher, request, 100)
            # scores by rank: the run keeps our order even where a complete match scored lower
            run[qid] = {searcher.stored_fields(d)["id"]: 1000.0 - i for i, (_, d) in enumerate(ranked.top)}
    found = {m.query_id: m.value for m in ir_measures.iter_calc([nDCG @ 10], qrels, run)}
    return {qid: found.get(qid, 0.0) for qid, _ in queries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", default=",".join(COLLECTIONS))
    parser.add_argument("--only", default="", help="comma-separated candidate labels (default: all)")
    args = parser.parse_args()
    collections = args.collections.split(",")
    candidates = {k: v for k, v in CANDIDATES.items() if not args.only or k in args.only.split(",")}
    if not RETRIEVAL.is_dir():
        sys.exit(f"no benchmark data in {RETRIEVAL}")
    scores: dict[str, dict[str, dict[str, float]]] = {}
    folds: dict[str, tuple[set[str], set[str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in collections:
            collection = RETRIEVAL / name
            corpus = Path(tmp) / name / "corpus"
            corpus.mkdir(parents=True)
            (corpus / "corpus.jsonl").symlink_to(collection / "corpus.jsonl")
            index_dir = Path(tmp) / name / "index"
            reindex(corpus, index_dir, 50_000_000)
            lines = (collection / "queries.dev.tsv").read_text().splitlines()
            queries = [tuple(line.split("\t", 1)) for line in lines if line]
            qrels = list(ir_measures.read_trec_qrels(str(collection / "qrels.dev.txt")))
            ids = [qid for qid, _ in queries]
            folds[name] = (set(ids[0::2]), set(ids[1::2]))
            scores[name] = {label: per_query(index_dir, queries, qrels, p) for label, p in candidates.items()}
            print(name, {label: round(_mean(s.values()), 3) for label, s in scores[name].items()}, flush=True)
    for fold in (0, 1):

        def fold_mean(label: str, which: int) -> float:
            return _mean(_mean(v for q, v in scores[c][label].items() if q in folds[c][which]) for c in collections)

        chosen = max(candidates, key=lambda label: fold_mean(label, fold))
        held = 1 - fold
        figures = {c: _mean(v for q, v in scores[c][chosen].items() if q in folds[c][held]) for c in collections}
        first = next(iter(candidates))
        base = {c: _mean(v for q, v in scores[c][first].items() if q in folds[c][held]) for c in collections}
        print(
            f"tuned on fold {fold}: {chosen!r}; held-out fold {held} nDCG@10 "
            + ", ".join(f"{c} {figures[c]:.3f} (first candidate {base[c]:.3f})" for c in collections)
        )


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


if __name__ == "__main__":
    main()
