"""Article-body extraction quality and speed on ``../shared/bench/cleaning/dev.jsonl.gz``.

Side by side in one run: our HTML mode (``clean`` on the page), our text mode (``clean`` on the
page's text dump), ``trafilatura.extract`` on the HTML, and the raw text dump with no cleaning.
Metric (the ScrapingHub benchmark's own): tokens are ``\\w+`` matches, case kept; per page, precision
and recall of the multiset of 4-token shingles; mean precision over pages with a non-empty
prediction, mean recall over pages with a non-empty expected body; F1 of the two means.
Speed is pages per second of one core's CPU time (``time.process_time``, median of ``--runs`` runs),
the whole ``clean`` path included.

``--cv`` measures as a judge with unseen sites does: leave-sites-out cross-validation, the pages
grouped by host into ``--folds`` folds (a site's pages all in one fold); each fold is scored by a
system built from the other folds only (the hand rules take nothing from them; a learned line
model is trained on them), and per-fold, mean and worst-fold P/R/F1 of both modes are printed
beside the plain dev figure.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from bench.results import Row, record
from searchsvc.clean import text_page
from searchsvc.clean.article import clean, derive_title, drop_leading_title
from searchsvc.clean.line_model import LineModel
from searchsvc.clean.source_lines import SourceLines
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


System = Callable[[dict], str]
Trainer = Callable[[list[dict]], System]  # the training pages → a system for unseen pages


def host(row: dict) -> str:
    """The site a page comes from (``www.`` dropped)."""
    name = urlsplit(row.get("url") or "").hostname or row["id"]
    return name.removeprefix("www.")


def site_folds(rows: list[dict], folds: int) -> list[list[int]]:
    """Row indices in ``folds`` folds, all pages of one site in the same fold; sites are dealt in
    the order of their name's hash, each to the fold with fewest pages so far (balanced, reproducible)."""
    sites: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        sites.setdefault(host(row), []).append(i)
    order = sorted(sites, key=lambda s: hashlib.sha1(s.encode()).hexdigest())
    result: list[list[int]] = [[] for _ in range(folds)]
    for site in order:
        min(result, key=len).extend(sites[site])
    return [sorted(fold) for fold in result]


def cross_validate(rows: list[dict], train: Trainer, folds: int) -> list[tuple[int, int, float, float, float]]:
    """Per fold: (sites, pages, P, R, F1) of the system trained on the other folds."""
    result = []
    for fold in site_folds(rows, folds):
        held = set(fold)
        system = train([row for i, row in enumerate(rows) if i not in held])
        outputs = [system(rows[i]) for i in fold]
        p, r, f1 = score(outputs, [rows[i]["expected_body"] for i in fold])
        result.append((len({host(rows[i]) for i in fold}), len(fold), p, r, f1))
    return result


def print_cv(name: str, per_fold: list[tuple[int, int, float, float, float]]) -> tuple[float, float]:
    """Print the folds, their mean and the worst fold; return (mean F1, worst F1)."""
    for k, (sites, pages, p, r, f1) in enumerate(per_fold):
        print(f"   {name:<22} fold {k}: {sites:>2} sites {pages:>3} pages  P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    means = [statistics.fmean(fold[i] for fold in per_fold) for i in (2, 3, 4)]
    worst = min(per_fold, key=lambda fold: fold[4])
    print(
        f"   {name:<22} mean: P {means[0]:.3f} R {means[1]:.3f} F1 {means[2]:.3f};"
        f" worst fold F1 {worst[4]:.3f} (P {worst[2]:.3f} R {worst[3]:.3f})"
    )
    return means[2], worst[4]


def text_mode(model: LineModel | Literal["rules"]) -> System:
    """The text mode's body with this line model (or the hand rules), as ``clean`` finishes it."""

    def run(row: dict) -> str:
        extracted = text_page.extract(row["page_text"], model)
        return drop_leading_title(extracted.body, extracted.title or derive_title(extracted.body))

    return run


def with_source_lines(rows: list[dict]) -> System:
    """The text mode given, as a reindex would, the repeated lines of each site over these pages."""
    table = SourceLines()
    for row in rows:
        table.add(host(row), row["page_text"])

    def run(row: dict) -> str:
        raw = RawDocument(row["id"], row["id"], "text/plain", row["page_text"], "utf-8")
        return clean(raw, boilerplate=table.repeated(host(row))).body

    return run


def learned_text_mode(rows: list[dict]) -> System:
    from tools.train_line_model import train  # the bench extra (scikit-learn)

    return text_mode(train(rows))


def load_rows() -> list[dict]:
    """The dev pages."""
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def trafilatura_extract(row: dict) -> str:
    import trafilatura  # a benchmark-only reference

    return trafilatura.extract(row["html"]) or ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timing runs (median reported)")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of each of our modes")
    parser.add_argument("--cv", action="store_true", help="also leave-sites-out cross-validation (and record)")
    parser.add_argument("--folds", type=int, default=5, help="folds of the cross-validation (sites grouped)")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 1
    rows = load_rows()
    expected = [row["expected_body"] for row in rows]
    systems = {
        "searchsvc HTML mode": ours("html", "text/html"),
        "searchsvc text mode": ours("page_text", "text/plain"),
        "text, hand rules (body only)": text_mode("rules"),
        "text mode + source lines": with_source_lines(rows),
        "trafilatura.extract": trafilatura_extract,
        "raw page_text": lambda row: row["page_text"],
    }
    dev: dict[str, tuple[float, float, float, float]] = {}
    print(f"{len(rows)} pages; {'system':<28} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>9}")
    for name, system in systems.items():
        times, outputs = [], []
        for _ in range(args.runs):
            start = time.process_time()  # this process's CPU time: one core's work, less swayed by others' load
            outputs = [system(row) for row in rows]
            times.append(time.process_time() - start)
        p, r, f1 = score(outputs, expected)
        dev[name] = (p, r, f1, len(rows) / statistics.median(times))
        print(f"{'':>11}{name:<28} {p:6.3f} {r:6.3f} {f1:6.3f} {dev[name][3]:9.1f}")
        if args.worst and name.startswith("searchsvc"):
            per_page = sorted(
                (score([o], [row["expected_body"]])[2], row["id"][:12]) for o, row in zip(outputs, rows, strict=True)
            )
            print("   worst:", ", ".join(f"{pid} {f:.2f}" for f, pid in per_page[: args.worst]))
    if args.cv:
        trainers: dict[str, Trainer] = {
            "searchsvc HTML mode": lambda _train: systems["searchsvc HTML mode"],
            "text mode, hand rules": lambda _train: text_mode("rules"),
            "text mode, line model": learned_text_mode,
            "text mode + source lines": lambda _train: systems["text mode + source lines"],
        }
        sites = len({host(r) for r in rows})
        print(f"leave-sites-out cross-validation, {args.folds} folds of {sites} sites:")
        cv = {name: print_cv(name, cross_validate(rows, trainer, args.folds)) for name, trainer in trainers.items()}
        record_figures(dev, cv, len(rows), sites, args.folds)
    return 0


def record_figures(
    dev: dict[str, tuple[float, float, float, float]],
    cv: dict[str, tuple[float, float]],
    pages: int,
    sites: int,
    k: int,
) -> None:
    """The README's cleaning table from this run."""

    def f(x: float) -> str:
        return f"{x:.3f}".removeprefix("0")

    sourced = dev["text mode + source lines"]
    html, text, rules, trafilatura = (
        dev[name]
        for name in (
            "searchsvc HTML mode",
            "searchsvc text mode",
            "text, hand rules (body only)",
            "trafilatura.extract",
        )
    )
    rows = [
        Row(
            "HTML mode body F1, dev",
            f"{f(html[2])} (P {f(html[0])}, R {f(html[1])}); trafilatura {f(trafilatura[2])}",
            "≥ trafilatura's",
            html[2] >= trafilatura[2],
        ),
        Row(
            f"HTML mode body F1, leave-sites-out CV ({k} folds): mean / worst fold",
            f"{f(cv['searchsvc HTML mode'][0])} / {f(cv['searchsvc HTML mode'][1])}",
            "≥ .955",
            cv["searchsvc HTML mode"][0] >= 0.955,
        ),
        Row(
            "text mode body F1, dev (line model)",
            f"{f(text[2])} (P {f(text[0])}, R {f(text[1])});"
            f" hand rules {f(rules[2])} (P {f(rules[0])}, R {f(rules[1])})",
        ),
        Row(
            f"text mode body F1, leave-sites-out CV ({k} folds): mean / worst fold",
            f"line model {f(cv['text mode, line model'][0])} / {f(cv['text mode, line model'][1])};"
            f" hand rules {f(cv['text mode, hand rules'][0])} / {f(cv['text mode, hand rules'][1])}",
            "≥ .88",
            cv["text mode, line model"][0] >= 0.88,
        ),
        Row(
            "text mode + per-site repeated lines (`source_lines`): dev; CV mean / worst",
            f"{f(sourced[2])} (P {f(sourced[0])}, R {f(sourced[1])});"
            f" {f(cv['text mode + source lines'][0])} / {f(cv['text mode + source lines'][1])}",
        ),
        Row("text mode pages/s, one core (CPU time, whole `clean`)", f"{text[3]:.1f}", "≥ 50", text[3] >= 50),
        Row("HTML mode pages/s, one core (CPU time, whole `clean`)", f"{html[3]:.1f}"),
        Row(
            "held-out pages (other sites), measured by the project before the line model",
            "text F1 .827, HTML .947",
            "text ≥ .88, HTML ≥ .955",
            False,
        ),
    ]
    record("cleaning", rows, f"{pages} dev pages of {sites} sites; `python -m bench.cleaning --cv` prints every fold.")


if __name__ == "__main__":
    sys.exit(main())
