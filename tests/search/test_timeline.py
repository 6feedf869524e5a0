"""Timelines over real indexes: the dated flood corpus (counts worked out by hand in
``tests.coverage_corpus``), the multilingual news corpus and the undated sample corpus."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from searchsvc.query.limits import LimitExceeded, QueryError
from searchsvc.search.periods import INTERVALS, period_end, period_numbers, period_of, period_start
from searchsvc.search.service import SearchRequest, search
from searchsvc.search.serving import IndexHandle
from searchsvc.search.timeline import TimelineRequest, timeline

WEEKS = ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29", "2024-02-05"]


@pytest.fixture(scope="module")
def flood(coverage_index):
    return IndexHandle(coverage_index).get()


def answer(ix, q: str = "flood", **options) -> dict:
    search_options = {k: options.pop(k) for k in list(options) if k in SearchRequest.__dataclass_fields__}
    body = timeline(ix, TimelineRequest(SearchRequest(q, **search_options), **options)).to_json()
    assert body.pop("took_ms") >= 0
    return body


def buckets(counts, totals) -> list[dict]:
    return [
        {"start": s, "count": c, "total": t, "share": round(c / t, 6) if t else 0.0}
        for s, c, t in zip(WEEKS, counts, totals, strict=True)
    ]


def test_weekly_counts_stories_beside_the_volume(flood):
    # The near-duplicate pair is one story; the volume counts it once too (with the sport and the
    # Russian articles of that week, which do not match).
    assert answer(flood, interval="week") == {
        "query": "flood",
        "interval": "week",
        "by": None,
        "total": 5,
        "buckets": buckets([2, 0, 0, 1, 0, 1], [4, 1, 0, 1, 0, 1]),
        "series": {},
        "undated": 1,
        "timed_out": False,
    }


def test_every_copy_when_not_collapsed(flood):
    body = answer(flood, interval="week", collapse=False)
    assert body["buckets"] == buckets([3, 0, 0, 1, 0, 1], [5, 1, 0, 1, 0, 1])
    assert (body["total"], body["undated"]) == (6, 1)


@pytest.mark.parametrize(("q", "options"), [("flood", {"lang": ("en",)}), ("flood lang:en", {})])
def test_volume_has_the_language_filter(flood, q, options):
    body = answer(flood, q, interval="week", **options)
    assert body["buckets"] == buckets([2, 0, 0, 1, 0, 1], [3, 1, 0, 1, 0, 1])


def test_volume_ignores_the_speaker_and_date_filters(flood):
    body = answer(flood, interval="week", speaker=("Anna Smith",), date_from=date(2024, 1, 2))
    assert body["total"] == 1 and body["undated"] == 0
    assert body["buckets"] == [{"start": "2024-01-22", "count": 1, "total": 1, "share": 1.0}]


def test_series_by_source_and_by_speaker(flood):
    by_source = answer(flood, interval="week", by="source")["series"]
    assert {name: [p["count"] for p in points] for name, points in by_source.items()} == {
        "Alpha": [1, 0, 0, 1, 0, 0],  # f-nosource has no source: in no series
        "Beta": [1, 0, 0, 0, 0, 0],
    }
    assert [p["share"] for p in by_source["Alpha"]] == [0.25, 0.0, 0.0, 1.0, 0.0, 0.0]
    assert [p["start"] for p in by_source["Beta"]] == WEEKS
    by_speaker = answer(flood, interval="week", by="speaker")["series"]
    assert {name: [p["count"] for p in points] for name, points in by_speaker.items()} == {
        "Anna Smith": [1, 0, 0, 1, 0, 0],
        "Boris Kane": [0, 0, 0, 1, 0, 0],
    }
    assert list(answer(flood, interval="month", by="lang")["series"]) == ["en"]


def test_the_rest_is_summed_as_other(flood):
    series = answer(flood, interval="month", by="speaker", series_size=1)["series"]
    assert {name: [p["count"] for p in points] for name, points in series.items()} == {
        "Anna Smith": [2, 0],
        "other": [1, 0],
    }


@pytest.mark.parametrize(
    ("interval", "starts", "counts"),
    [
        ("month", ["2024-01-01", "2024-02-01"], [3, 1]),
        ("year", ["2024-01-01"], [4]),
    ],
)
def test_longer_intervals(flood, interval, starts, counts):
    body = answer(flood, interval=interval)
    assert [(b["start"], b["count"]) for b in body["buckets"]] == list(zip(starts, counts, strict=True))


def test_auto_picks_days_for_six_weeks_with_every_day_present(flood):
    body = answer(flood)
    assert body["interval"] == "day"
    days = [b["start"] for b in body["buckets"]]
    assert days[0] == "2024-01-01" and days[-1] == "2024-02-05" and len(days) == 36
    assert sum(b["count"] for b in body["buckets"]) == 4


def test_too_many_buckets_is_a_named_limit(flood):
    with pytest.raises(LimitExceeded) as error:
        timeline(flood, TimelineRequest(SearchRequest("flood"), interval="week", max_buckets=5))
    assert error.value.limit == "max_timeline_buckets" and "6 buckets" in str(error.value)


@pytest.mark.parametrize(("options", "message"), [({"interval": "fortnight"}, "interval"), ({"by": "author"}, "by")])
def test_bad_options(flood, options, message):
    with pytest.raises(QueryError, match=message):
        timeline(flood, TimelineRequest(SearchRequest("flood"), **options))


def test_no_dated_match(flood):
    body = answer(flood, "diary", interval="week", by="source")
    assert (body["buckets"], body["series"], body["total"], body["undated"]) == ([], {}, 1, 1)


@pytest.mark.parametrize("q", ["nato", "lang:en", "grain OR apples", "ukraine -drones", "Україна"])
@pytest.mark.parametrize("collapse", [True, False])
def test_counts_add_up_to_the_search_total(news_index, q, collapse):
    ix = IndexHandle(news_index).get()
    found = timeline(ix, TimelineRequest(SearchRequest(q, collapse=collapse), interval="month", by="source"))
    searched = search(ix, SearchRequest(q, collapse=collapse)).total
    assert int(found.counts.sum()) + found.undated == found.total == searched
    assert (found.counts <= found.totals).all()
    assert all((series <= found.counts).all() for series in found.series.values())


@pytest.mark.parametrize("interval", INTERVALS)
def test_periods_cover_every_day_once(interval):
    days = np.arange(date(2023, 12, 20).toordinal(), date(2025, 1, 10).toordinal())
    numbers = period_numbers(days, interval)
    assert (np.diff(numbers) >= 0).all() and set(np.diff(numbers)) <= {0, 1}
    for number in np.unique(numbers).tolist():
        start, end = period_start(number, interval), period_end(number, interval)
        inside = days[numbers == number]
        assert date.fromordinal(int(inside[0])) >= start and date.fromordinal(int(inside[-1])) <= end
        assert period_of(start, interval) == period_of(end, interval) == number
        assert period_of(start, interval) - 1 == period_of(date.fromordinal(start.toordinal() - 1), interval)


def test_weeks_are_iso_weeks():
    for day in (date(2024, 12, 31), date(2021, 1, 3), date(2023, 9, 25)):
        start = period_start(period_of(day, "week"), "week")
        assert start.isocalendar()[:2] == day.isocalendar()[:2] and start.weekday() == 0
