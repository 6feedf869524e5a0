"""Ukrainian analysis chosen by measurement: known-item search of news articles by their titles.

For each Ukrainian article of ``../shared/bench/news`` with a title and a text, the title is the
query and the article's text (without its title) the one right answer. Texts are indexed with
BM25 (``rank_bm25``) under several analyses of the same tokens; printed: MRR@10 and success@1.

- ``pymorphy3 lemmas``: what ``searchsvc.analysis`` does for Ukrainian;
- ``Russian Snowball``: the nearest Snowball stemmer (there is no Ukrainian one in PyStemmer);
- ``suffix stripper``: a light Ukrainian stemmer (longest of common inflection endings removed);
- ``folded words``: case and apostrophes folded, no stemming.

    .venv/bin/python -m bench.uk_analysis
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import Stemmer
from rank_bm25 import BM25Okapi

from searchsvc.analysis.analyzers import UK_STOP_WORDS, WORD_PATTERN, fold, stem

NEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "news" / "news.jsonl.gz"
_WORD = re.compile(WORD_PATTERN)
_ENDINGS = sorted(
    """а ам ами ах і ів їв ий ій им ими их ім ого ому ою у ям ями ях ю я є ї ої ою ими ові еві ом ем
    ати ити ути ав ала али ало ила или ило ить уть ють ять ся сь ння ння нням ннях ість ості істю
    ський ська ське ські ського ському ських ськими""".split(),
    key=len,
    reverse=True,
)


def suffix_strip(word: str) -> str:
    """Removes the longest common Ukrainian ending, keeping at least three letters."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def analyses() -> dict[str, Callable[[str], str]]:
    russian = Stemmer.Stemmer("russian")
    return {
        "pymorphy3 lemmas": lambda w: stem("uk", w),
        "Russian Snowball": lambda w: russian.stemWord(w).replace("'", ""),
        "suffix stripper": lambda w: suffix_strip(w).replace("'", ""),
        "folded words": lambda w: w.replace("'", ""),
    }


def tokens(text: str, analyse: Callable[[str], str]) -> list[str]:
    return [analyse(w) for w in (fold(m) for m in _WORD.findall(text)) if w not in UK_STOP_WORDS]


def main() -> None:
    if not NEWS.exists():
        sys.exit(f"no news set at {NEWS}")
    articles = []
    with gzip.open(NEWS, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["lang"] == "uk" and record.get("title") and record.get("text"):
                text = record["text"]
                if text.startswith(record["title"]):  # some texts repeat their title first
                    text = text[len(record["title"]) :]
                articles.append((record["title"], text))
    print(f"{len(articles)} Ukrainian articles with a title; the title finds its own text")
    print(f"{'analysis':<18} {'MRR@10':>7} {'S@1':>6} {'seconds':>8}")
    for name, analyse in analyses().items():
        started = time.perf_counter()
        model = BM25Okapi([tokens(text, analyse) for _, text in articles])
        reciprocal, first = [], 0
        for i, (title, _) in enumerate(articles):
            scores = model.get_scores(tokens(title, analyse))
            better = int(np.sum(scores > scores[i]))
            reciprocal.append(1 / (better + 1) if better < 10 else 0.0)
            first += better == 0
        mrr = sum(reciprocal) / len(reciprocal)
        seconds = time.perf_counter() - started
        print(f"{name:<18} {mrr:7.3f} {first / len(articles):6.3f} {seconds:8.1f}")


if __name__ == "__main__":
    main()
