"""The learned line decisions of the text mode: the shipped model, its JSON form, how it overrules
the hand rules, and the features it reads."""

from __future__ import annotations

import dataclasses

import pytest

from searchsvc.clean import line_model, text_page
from searchsvc.clean.line_model import FEATURES, LineModel


def _model(coef_words: float, intercept: float, drop_below: float = 0.2, add_above: float = 0.6) -> LineModel:
    """A model reading only ``log_words`` (unscaled): p = sigmoid(coef_words · log(1 + words) + intercept)."""
    coef = tuple(coef_words if name == "log_words" else 0.0 for name in FEATURES)
    zeros, ones = (0.0,) * len(FEATURES), (1.0,) * len(FEATURES)
    return LineModel(FEATURES, zeros, ones, coef, intercept, drop_below, add_above)


def test_the_shipped_model_reads_todays_features():
    model = line_model.shipped()
    assert model is not None
    assert model.features == FEATURES and len(model.coef) == len(FEATURES) == len(model.mean)
    assert 0.0 <= model.drop_below < 0.5 < model.add_above <= 1.0
    assert len(line_model.shipped_digest()) == 40


def test_json_round_trip_and_a_stale_model_is_refused():
    model = _model(1.5, -2.0)
    assert LineModel.from_json(model.to_json()) == model
    assert model.to_json() == LineModel.from_json(model.to_json()).to_json()  # stable bytes
    stale = dataclasses.replace(model, features=(*FEATURES[:-1], "something_else"))
    with pytest.raises(ValueError, match="retrain"):
        LineModel.from_json(stale.to_json())


def test_the_model_overrules_the_rules_only_past_its_thresholds():
    model = _model(0.0, 0.0)  # p = 0.5 for every line: between the thresholds, so the rules stand
    rows = [[0.0] * len(FEATURES)] * 2
    assert model.keep(rows, [True, False]) == [True, False]
    confident_debris = dataclasses.replace(model, intercept=-3.0)  # p ≈ 0.05 < drop_below
    assert confident_debris.keep(rows, [True, False]) == [False, False]
    confident_body = dataclasses.replace(model, intercept=3.0)  # p ≈ 0.95 ≥ add_above
    assert confident_body.keep(rows, [True, False]) == [True, True]


PAGE = "\n".join(
    [
        "Home",
        "News",
        "Sport",
        "Parliament approves a larger defence budget for next year",
        "The parliament on Tuesday approved a defence budget that is a fifth larger than this year's, "
        "after a debate that lasted well into the night.",
        "The money will go to air defence, ammunition and the repair of equipment that has been in use "
        "since the start of the war, the finance committee said.",
        "Related stories",
        "Weather",
    ]
)


def test_features_place_each_line_against_region_and_title():
    page = text_page.judge(PAGE)
    rows = line_model.features(page.lines, (page.start, page.end), page.title_at)
    column = {name: [row[i] for row in rows] for i, name in enumerate(FEATURES)}
    assert len(rows) == len(page.lines) == 8 and all(len(row) == len(FEATURES) for row in rows)
    assert page.title == "Parliament approves a larger defence budget for next year" and page.title_at == 3
    assert column["in_region"] == [0, 0, 0, 0, 1, 1, 0, 0]
    assert column["rules_keep"] == column["in_region"]
    assert column["above_title"] == [1, 1, 1, 1, 0, 0, 0, 0]
    assert column["log_lines_before_region"][0] > column["log_lines_before_region"][3] > 0
    assert column["log_lines_after_region"][7] > column["log_lines_after_region"][6] > 0
    assert column["kind_after"][6] == 1.0  # "Related stories" opens what follows the article


def test_a_tiny_model_decides_the_body_against_the_rules():
    """A model that trusts long lines and distrusts short ones keeps only the two paragraphs, and,
    with the veto off and adding on, keeps the title line the rules leave out of the region."""
    body = text_page.extract(PAGE, _model(3.0, -9.0)).body  # p ≥ .6 from ~19 words, < .2 below ~ 8 words
    assert body.split("\n\n") == [PAGE.splitlines()[4], PAGE.splitlines()[5]]
    adding = _model(3.0, -6.0, drop_below=0.0, add_above=0.6)  # the 9-word title line reaches p ≈ .75
    assert text_page.extract(PAGE, adding).body.startswith("Parliament approves")
    assert text_page.extract(PAGE, "rules").body == body
