"""Retrain the text mode's line model (``searchsvc/clean/models/line_model.json``) on the dev pages.

Each line of a page's text dump is labelled body when most of its 4-token shingles (a shorter line:
its whole token run) occur in the page's expected body. A logistic regression (scikit-learn, the
``bench`` extra: only its coefficients ship) is fitted on the standardised ``line_model.FEATURES``;
the two thresholds at which it overrules the hand rules (drop a line they keep, keep one they drop)
are those whose bodies score the best benchmark F1 on the same training pages, the least overruling
among equals. The
fit is deterministic: running this twice writes the same bytes. ``bench/cleaning.py --cv`` trains
the same way on the other folds' sites only.

    .venv/bin/python -m tools.train_line_model          # rewrite the shipped model
    .venv/bin/python -m tools.train_line_model --check  # exit 1 if the shipped file differs
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace

import numpy as np

from bench.cleaning import load_rows, score, shingles
from searchsvc.clean import line_model, text_page
from searchsvc.clean.line_kinds import TOKEN
from searchsvc.clean.line_model import FEATURES, LineModel

C = 1.0  # inverse regularisation strength of the logistic regression
DROP_BELOW = tuple(round(0.05 * i, 2) for i in range(5))  # 0 (never overrule a kept line) … 0.2: confident vetoes only
ADD_ABOVE = tuple(round(0.5 + 0.05 * i, 2) for i in range(11))  # 0.5 … 1 (never overrule a dropped line)
BODY_SHARE = 0.5  # a line is body when this share of its shingles is in the expected body


@dataclass(frozen=True)
class Page:
    """One training page: its judged lines, their features and labels, the expected body."""

    judged: text_page.Judged
    rows: list[list[float]]
    labels: list[int]
    expected: str


def prepare(row: dict) -> Page:
    """Judge a dev page's text dump and label each line against the expected body."""
    judged = text_page.judge(row["page_text"])
    rows = line_model.features(judged.lines, (judged.start, judged.end), judged.title_at)
    expected = row["expected_body"]
    truth = shingles(expected)
    flat = " " + " ".join(TOKEN.findall(expected)) + " "
    labels = []
    for line in judged.lines:
        own = shingles(line.text)
        if own:
            labels.append(int(sum((own & truth).values()) >= BODY_SHARE * sum(own.values())))
        else:
            tokens = TOKEN.findall(line.text)
            labels.append(int(bool(tokens) and f" {' '.join(tokens)} " in flat))
    return Page(judged, rows, labels, expected)


def fit(pages: list[Page]) -> LineModel:
    """A logistic regression over the pages' lines, its threshold chosen by the pages' body F1."""
    from sklearn.linear_model import LogisticRegression  # the bench extra: training only

    x = np.asarray([r for page in pages for r in page.rows], dtype=float)
    y = np.asarray([label for page in pages for label in page.labels])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    regression = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    regression.fit((x - mean) / scale, y)
    model = LineModel(
        FEATURES,
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in regression.coef_[0]),
        float(regression.intercept_[0]),
        0.0,
        1.0,
    )
    model = LineModel.from_json(model.to_json())  # the rounded form, as it ships
    probabilities = [model.probabilities(page.rows) for page in pages]
    kept = [text_page.rules_keep(page.judged) for page in pages]
    expected = [page.expected for page in pages]

    def f1_at(drop_below: float, add_above: float) -> float:
        bodies = []
        for page, p, rules in zip(pages, probabilities, kept, strict=True):
            keep = [(q >= drop_below) if k else (q >= add_above) for q, k in zip(p, rules, strict=True)]
            bodies.append("\n\n".join(text_page.body_of(page.judged, keep)))
        return score(bodies, expected)[2]

    grid = [(d, a) for d in DROP_BELOW for a in ADD_ABOVE]
    drop_below, add_above = max(grid, key=lambda t: (round(f1_at(*t), 4), -t[0], t[1]))
    return LineModel.from_json(replace(model, drop_below=drop_below, add_above=add_above).to_json())


def train(rows: list[dict]) -> LineModel:
    """The model trained on these dev pages."""
    return fit([prepare(row) for row in rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing")
    args = parser.parse_args()
    text = train(load_rows()).to_json()
    if args.check:
        same = line_model.MODEL_PATH.exists() and line_model.MODEL_PATH.read_text(encoding="utf-8") == text
        print("shipped model is up to date" if same else "shipped model differs from a retrain")
        return 0 if same else 1
    line_model.MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    line_model.MODEL_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {line_model.MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
