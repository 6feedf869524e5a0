"""Article-body extraction quality and speed on ``../shared/bench/cleaning/dev.jsonl.gz``.

Side by side in one run: our HTML mode (``clean`` on the page), our text mode (``clean`` on the
page's text dump), ``trafilatura.extract`` on the HTML, and the raw text dump with no cleaning.
Metric (the ScrapingHub benchmark's own): tokens are ``\\w+`` matches, case kept; per page, precision
and recall of the multiset of 4-token shingles; mean precision over pages with a non-empty
prediction, mean recall over pages with a non-empty expected body; F1 of the two means.
Speed is pages per second on one core (median of ``--runs`` runs), the whole ``clean`` path included.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from searchsvc.clean.article import clean
from searchsvc.ingest.files import RawDocument

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "cleaning" / "dev.jsonl.gz"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def score(predictions: list[str], expected: list[str]) -> tuple[float, float, float]:
    """Mean precision, mean recall and their F1, as the benchmark computes them."""
    precisions, recalls = [], []
    for predicted, truth in zip(predictions, expected, strict=True):
        pred, true = shingles(predicted), shingles(truth)
        overlap = sum((pred & true).values())
        if pred:
            precisions.append(overlap / sum(pred.values()))
        if true:
            recalls.append(overlap / sum(true.values()))
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def ours(field: str, media_type: str) -> Callable[[dict], str]:
    def run(row: dict) -> str:
        return clean(RawDocument(row["id"], row["id"], media_type, row[field], "utf-8")).body

    return run


def trafilatura_extract(row: dict) -> str:
    import trafilatura  # a benchmark-only reference

    return trafilatura.extract(row["html"]) or ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timing runs (median reported)")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of each of our modes")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 1
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    expected = [row["expected_body"] for row in rows]
    systems = {
        "searchsvc HTML mode": ours("html", "text/html"),
        "searchsvc text mode": ours("page_text", "text/plain"),
        "trafilatura.extract": trafilatura_extract,
        "raw page_text": lambda row: row["page_text"],
    }
    print(f"{len(rows)} pages; {'system':<22} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>9}")
    for name, system in systems.items():
        times, outputs = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            outputs = [system(row) for row in rows]
            times.append(time.perf_counter() - start)
        p, r, f1 = score(outputs, expected)
        rate = len(rows) / statistics.median(times)
        print(f"{'':>11}{name:<22} {p:6.3f} {r:6.3f} {f1:6.3f} {rate:9.1f}")
        if args.worst and name.startswith("searchsvc"):
            per_page = sorted(
                (score([o], [row["expected_body"]])[2], row["id"][:12]) for o, row in zip(outputs, rows, strict=True)
            )
            print("   worst:", ", ".join(f"{pid} {f:.2f}" for f, pid in per_page[: args.worst]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
