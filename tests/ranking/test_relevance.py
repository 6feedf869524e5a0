"""``search --batch`` writes TREC runs in the API's order; a relevance floor on the TIME collection."""

from __future__ import annotations

import json
import math

import pytest

from searchsvc.cli import main
from tests.corpora import SHARED

TIME = SHARED / "bench" / "retrieval" / "time"
# Whoosh's defaults score .018 here and Whoosh OR + stemming .634: a floor well above the first,
# close to the second, that a broken analyzer or ranking would fall through.
TIME_NDCG10_FLOOR = 0.60


def read_run(path) -> dict[str, list[tuple[str, int, float]]]:
    run: dict[str, list[tuple[str, int, float]]] = {}
    for line in path.read_text().splitlines():
        qid, q0, docid, rank, score, tag = line.split(" ")
        assert q0 == "Q0" and tag == "searchsvc"
        run.setdefault(qid, []).append((docid, int(rank), float(score)))
    return run


def test_batch_run_is_the_api_ranking(runner, sample_index, client, tmp_path):
    queries = {"q1": "Stoltenberg", "q2": "Umerov Stoltenberg", "q3": "defence industry Ukraine", "q4": "xylophonist"}
    path = tmp_path / "queries.tsv"
    path.write_text("".join(f"{qid}\t{text}\n" for qid, text in queries.items()), encoding="utf-8")
    args = ["search", "--index", str(sample_index), "--batch", str(path), "--run", str(tmp_path / "r")]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    run = read_run(tmp_path / "r")
    for qid, text in queries.items():
        api = client.get("/api/search", query_string={"q": text, "per_page": 100}).get_json()
        lines = run.get(qid, [])
        assert [docid for docid, _, _ in lines] == [hit["id"] for hit in api["results"]]
        assert [rank for _, rank, _ in lines] == list(range(1, len(lines) + 1))
        scores = [score for _, _, score in lines]
        assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
    assert "q4" not in run and len(run["q1"]) == 5


def test_batch_needs_a_run_file(runner, sample_index, tmp_path):
    path = tmp_path / "queries.tsv"
    path.write_text("1\tnato\n")
    result = runner.invoke(main, ["search", "--index", str(sample_index), "--batch", str(path)])
    assert result.exit_code != 0 and "--run" in result.output
    path.write_text("no tab here\n")
    result = runner.invoke(main, ["search", "--index", str(sample_index), "--batch", str(path), "--run", "x"])
    assert result.exit_code != 0 and "expected qid<TAB>query" in result.output


def ndcg_at_10(ranked: list[str], judged: dict[str, int]) -> float:
    gain = sum((2 ** judged.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranked[:10]))
    ideal = sorted(judged.values(), reverse=True)[:10]
    best = sum((2**rel - 1) / math.log2(i + 2) for i, rel in enumerate(ideal))
    return gain / best if best else 0.0


@pytest.mark.skipif(not TIME.is_dir(), reason=f"benchmark data not found at {TIME} (the shared folder beside the repo)")
def test_time_collection_ndcg_floor(runner, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "corpus.jsonl").symlink_to(TIME / "corpus.jsonl")
    index = tmp_path / "index"
    assert runner.invoke(main, ["reindex", "--corpus", str(corpus), "--index", str(index)]).exit_code == 0
    args = ["search", "--index", str(index), "--batch", str(TIME / "queries.dev.tsv"), "--run", str(tmp_path / "r")]
    assert runner.invoke(main, [*args, "--limit", "10"]).exit_code == 0
    run = read_run(tmp_path / "r")
    qrels: dict[str, dict[str, int]] = {}
    for line in (TIME / "qrels.dev.txt").read_text().splitlines():
        qid, _, docid, rel = line.split()
        qrels.setdefault(qid, {})[docid] = int(rel)
    queries = [line.split("\t")[0] for line in (TIME / "queries.dev.tsv").read_text().splitlines() if line]
    scores = [ndcg_at_10([doc for doc, _, _ in run.get(qid, [])], qrels.get(qid, {})) for qid in queries]
    mean = sum(scores) / len(scores)
    assert mean >= TIME_NDCG10_FLOOR, json.dumps({"nDCG@10": round(mean, 3)})
