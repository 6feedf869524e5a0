"""A learned decision per line of a text dump: does it belong to the article body?

Each line is described by general features, none tied to a site: its length, function-word share,
sentence ending, capitalisation, digits and punctuation, the hand rules' kind of it (``line_kinds``,
which weighs its script against the page's and the shapes debris takes), where it stands against the
article region the rules found (the longest content run) and the title, its neighbours, and whether
it repeats an earlier line. A logistic regression over them, trained by ``tools/train_line_model.py``
on the dev pages' lines, ships as plain JSON coefficients (``models/line_model.json``) evaluated here
with numpy: the product gains no learning library.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from pathlib import Path

import numpy as np

from .line_kinds import SENTENCE_END, TOKEN, Kind, Line, stop_ratio

MODEL_PATH = Path(__file__).resolve().parent / "models" / "line_model.json"
KINDS = tuple(Kind)
RULES_KEEP = (Kind.CONTENT, Kind.SHORT, Kind.HEADLINE)  # the kinds the hand rules keep inside the region
_ONE_HOT = {kind: tuple(1.0 if other is kind else 0.0 for other in KINDS) for kind in KINDS}
FEATURES = (
    "log_words",
    "log_chars",
    "stop_ratio",
    "ends_sentence",
    "capitalised",
    "digit_share",
    "punct_share",
    *(f"kind_{kind.value}" for kind in KINDS),
    "in_region",
    "rules_keep",
    "log_lines_before_region",
    "log_lines_after_region",
    "above_title",
    "prev_content",
    "next_content",
    "prev_in_region_words",
    "next_in_region_words",
    "repeat_on_page",
    "region_share",
)


@dataclass(frozen=True)
class LineModel:
    """A logistic regression over standardised ``FEATURES``, and how its probability p overrules the
    hand rules: a line they keep is dropped when p < ``drop_below``, one they drop is kept when
    p ≥ ``add_above``."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    drop_below: float
    add_above: float

    def probabilities(self, rows: list[list[float]]) -> np.ndarray:
        """The body probability of each feature row."""
        if not rows:
            return np.zeros(0)
        x = (np.asarray(rows, dtype=float) - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-(x @ np.asarray(self.coef) + self.intercept)))

    def keep(self, rows: list[list[float]], rules_keep: list[bool]) -> list[bool]:
        """Whether each line is body: the rules' choice unless p overrules it."""
        return [
            bool(p >= self.drop_below) if kept else bool(p >= self.add_above)
            for p, kept in zip(self.probabilities(rows), rules_keep, strict=True)
        ]

    def to_json(self) -> str:
        """The model as the JSON file holds it (stable bytes: fixed key order, rounded floats)."""
        data = {
            "features": list(self.features),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "coef": [round(v, 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
            "drop_below": round(self.drop_below, 6),
            "add_above": round(self.add_above, 6),
        }
        return json.dumps(data, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LineModel:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError("line model was trained on other features; retrain with tools/train_line_model.py")
        return cls(
            features=tuple(data["features"]),
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            coef=tuple(data["coef"]),
            intercept=float(data["intercept"]),
            drop_below=float(data["drop_below"]),
            add_above=float(data["add_above"]),
        )


@cache
def shipped() -> LineModel | None:
    """The model shipped with the package (None when the file is absent: the hand rules decide)."""
    return LineModel.from_json(MODEL_PATH.read_text(encoding="utf-8")) if MODEL_PATH.exists() else None


@cache
def shipped_digest() -> str:
    """A hash of the shipped model file ("" without one), for the content hash of cleaned files."""
    return hashlib.sha1(MODEL_PATH.read_bytes()).hexdigest() if MODEL_PATH.exists() else ""


def features(lines: list[Line], region: tuple[int, int], title_at: int | None) -> list[list[float]]:
    """One row of ``FEATURES`` per line; ``region`` is the rules' article ``[start, end)``."""
    start, end = region
    n = len(lines)
    words = [TOKEN.findall(line.text) for line in lines]
    region_words = sum(len(w) for w in words[start:end]) or 1
    seen: set[str] = set()
    rows = []
    for i, line in enumerate(lines):
        text, tokens = line.text, words[i]
        count, chars = len(tokens), len(text) or 1
        key = text.casefold()
        repeat = key in seen
        seen.add(key)
        digits = sum(map(str.isdigit, text))
        inside = start <= i < end
        rows.append(
            [
                math.log1p(count),
                math.log1p(len(text)),
                stop_ratio(tokens),
                1.0 if SENTENCE_END.search(text) else 0.0,
                sum(map(str.isupper, map(itemgetter(0), tokens))) / count if count else 0.0,
                digits / chars,
                (chars - sum(map(str.isalnum, text)) - text.count(" ")) / chars,
                *_ONE_HOT[line.kind],
                1.0 if inside else 0.0,
                1.0 if inside and line.kind in RULES_KEEP else 0.0,
                math.log1p(max(start - i, 0)),
                math.log1p(max(i - end + 1, 0)),
                1.0 if title_at is not None and i <= title_at else 0.0,
                1.0 if i > 0 and lines[i - 1].kind is Kind.CONTENT else 0.0,
                1.0 if i + 1 < n and lines[i + 1].kind is Kind.CONTENT else 0.0,
                math.log1p(len(words[i - 1])) if i > 0 and start <= i - 1 < end else 0.0,
                math.log1p(len(words[i + 1])) if i + 1 < n and start <= i + 1 < end else 0.0,
                1.0 if repeat else 0.0,
                count / region_words if inside else 0.0,
            ]
        )
    return rows
