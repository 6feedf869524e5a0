"""The timeline chart, the downloads, the feed link and the batch page in real headless Chromium
against a real gunicorn over the dated flood corpus."""

from __future__ import annotations

import csv
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
import requests
from selenium.webdriver.common.by import By

from tests.system.servers import start_gunicorn
from tests.system.test_browser import ARTIFACTS, navigate, result_ids


@pytest.fixture(scope="module")
def coverage_server(coverage_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with start_gunicorn(coverage_index, tmp_path_factory.mktemp("gunicorn-coverage") / "log.txt") as base:
        yield base


def bars(driver) -> list:
    return driver.find_elements(By.CSS_SELECTOR, "figure.timeline svg a.period")


def test_the_chart_shows_bars_that_filter_to_their_period(browser, coverage_server):
    browser.get(coverage_server + "/?q=flood&interval=week")
    figure = browser.find_element(By.CSS_SELECTOR, "figure.timeline")
    assert figure.is_displayed()
    periods = bars(browser)
    assert [a.accessible_name for a in periods][:2] == [
        "week of 2024-01-01: 2 articles of 4 (50 %)",
        "week of 2024-01-08: 0 articles of 1 (0 %)",
    ]
    drawn = [a.find_element(By.CSS_SELECTOR, "rect.bar").rect for a in periods]
    assert drawn[0]["height"] > drawn[3]["height"] > 0 and drawn[1]["height"] == 0
    assert all(b["x"] < c["x"] for b, c in itertools.pairwise(drawn))  # left to right in time
    svg = browser.find_element(By.CSS_SELECTOR, "figure.timeline svg")
    assert svg.size["width"] > 600  # the chart spans the results column
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "timeline.png"))
    navigate(browser, periods[3].click)
    assert "from=2024-01-22" in browser.current_url and "to=2024-01-28" in browser.current_url
    assert result_ids(browser) == ["f-alpha-2"]


def test_counts_and_share_switch_without_script(browser, coverage_server):
    browser.get(coverage_server + "/?q=flood&interval=week")
    assert browser.execute_script("return document.scripts.length") == 0
    counts = [a.find_element(By.CSS_SELECTOR, "rect.bar").rect["height"] for a in bars(browser)]
    navigate(browser, browser.find_element(By.LINK_TEXT, "Share").click)
    assert "chart=share" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, ".switch[aria-label=Measure] strong").text == "Share"
    shares = [a.find_element(By.CSS_SELECTOR, "rect.bar").rect["height"] for a in bars(browser)]
    assert counts[0] > counts[3] and shares[0] < shares[3]  # 2 of 4 articles, then 1 of 1
    browser.save_screenshot(str(ARTIFACTS / "timeline-share.png"))
    navigate(browser, browser.find_element(By.LINK_TEXT, "month").click)
    assert len(bars(browser)) == 2


def test_the_chart_is_readable_on_a_phone(browser, coverage_server):
    browser.set_window_size(390, 844)
    try:
        browser.get(coverage_server + "/?q=flood&interval=week")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        svg = browser.find_element(By.CSS_SELECTOR, "figure.timeline svg")
        assert 300 <= svg.size["width"] <= 390
        slots = [a.find_element(By.CSS_SELECTOR, "rect.slot").rect["width"] for a in bars(browser)]
        assert min(slots) >= 40  # six weeks: each bar a finger's width to tap
        axis = browser.find_element(By.CSS_SELECTOR, ".plot .axis").text
        assert axis.split() == ["2024-01-01", "2024-02-11"]
        browser.save_screenshot(str(ARTIFACTS / "timeline-phone.png"))
    finally:
        browser.set_window_size(1200, 900)


def test_download_csv_and_the_feed(browser, coverage_server):
    browser.get(coverage_server + "/?q=flood&sort=date")
    browser.find_element(By.LINK_TEXT, "Download CSV").click()
    target = browser.downloads / "searchsvc-flood.csv"
    deadline = time.monotonic() + 20
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    with open(target, encoding="utf-8", newline="") as handle:
        assert [row["id"] for row in csv.DictReader(handle)] == [
            "f-alpha",
            "f-beta",
            "f-alpha-2",
            "f-nosource",
            "f-undated",
        ]
    feed = browser.find_element(By.CSS_SELECTOR, 'head link[rel=alternate][type="application/atom+xml"]')
    parsed = feedparser.parse(requests.get(feed.get_attribute("href"), timeout=20).content)
    assert not parsed.bozo and parsed.version == "atom10" and len(parsed.entries) == 5


def test_a_batch_from_a_file(browser, coverage_server, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("flood\ncup final\nСборная\n", encoding="utf-8")
    browser.get(coverage_server + "/")
    navigate(browser, browser.find_element(By.LINK_TEXT, "Batch search").click)
    browser.find_element(By.ID, "file").send_keys(str(queries))
    navigate(browser, browser.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.batch-results tbody tr")
    assert [r.find_element(By.TAG_NAME, "th").text for r in rows] == ["flood", "cup final", "Сборная"]
    assert [r.find_element(By.CSS_SELECTOR, "td.number").text for r in rows] == ["5 (1 undated)", "2", "1"]
    assert rows[0].find_element(By.TAG_NAME, "svg").accessible_name.startswith("per day from 2024-01-01")
    assert browser.find_element(By.ID, "queries").get_attribute("value") == "flood\ncup final\nСборная"
    browser.save_screenshot(str(ARTIFACTS / "batch.png"))
    browser.find_element(By.CSS_SELECTOR, "form.download button").click()
    target = browser.downloads / "searchsvc-batch.csv"
    deadline = time.monotonic() + 20
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("flood,5,1,")
