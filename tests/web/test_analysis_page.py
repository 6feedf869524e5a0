"""The search page's timeline chart, download and feed links, and the batch page, as HTML from the
real app over the dated flood corpus (parsed with BeautifulSoup, not matched as strings)."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup


@pytest.fixture()
def client(coverage_client):
    return coverage_client  # the flood corpus's app, not the sample corpus's


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_chart_has_a_bar_per_period_linking_to_it(client):
    soup = page(client, "/?q=flood&interval=week")
    figure = soup.select_one("figure.timeline")
    svg = figure.find("svg")
    assert svg["aria-labelledby"] == "timeline-title timeline-desc"
    assert svg.find("title").text == "Articles matching 'flood' per week"
    assert svg.find("desc").text == (
        "4 articles from 2024-01-01 to 2024-02-11 in 6 weeks; the most in week of 2024-01-01: 2 articles of 4 (50 %)."
    )
    links = svg.select("a.period")
    assert [a["href"] for a in links][:2] == [
        "/?q=flood&interval=week&from=2024-01-01&to=2024-01-07",
        "/?q=flood&interval=week&from=2024-01-08&to=2024-01-14",
    ]
    assert links[0].find("title").text == "week of 2024-01-01: 2 articles of 4 (50 %)"
    heights = [float(a.select_one("rect.bar")["height"]) for a in links]
    assert heights == [100.0, 0.0, 0.0, 50.0, 0.0, 50.0]
    assert figure.select_one(".undated").text == "1 more without a date."
    rows = [[cell.text for cell in tr.find_all(["th", "td"])] for tr in figure.select("table tbody tr")]
    assert rows[0] == ["2024-01-01 to 2024-01-07", "2", "4", "50 %"] and len(rows) == 6
    assert "visually-hidden" in figure.find("table").parent["class"]


def test_share_switch(client):
    soup = page(client, "/?q=flood&interval=week&chart=share")
    switch = soup.select_one(".switch[aria-label=Measure]")
    assert switch.find("strong").text == "Share" and switch.find("a")["href"] == "/?q=flood&interval=week"
    heights = [float(rect["height"]) for rect in soup.select("figure.timeline rect.bar")]
    assert heights == [50.0, 0.0, 0.0, 100.0, 0.0, 100.0]  # 2 of 4, then 1 of 1 twice
    assert soup.select_one(".plot .scale").text == "100 %"
    interval = soup.select_one(".switch[aria-label=Interval]")
    assert interval.find("strong").text == "week"
    assert interval.find("a")["href"] == "/?q=flood&chart=share"


def test_following_a_bar_filters_the_results_to_its_period(client):
    soup = page(client, "/?q=flood&interval=week&from=2024-01-01&to=2024-01-07")
    assert [a["href"].rsplit("/", 1)[1] for a in soup.select(".result .similar")] == ["f-beta-copy", "f-alpha"]
    assert soup.select_one("figure.timeline svg title").text == "Articles matching 'flood' per week"


def test_download_and_feed_links_carry_the_search_but_not_the_page(client):
    soup = page(client, "/?q=flood&source=Alpha&page=1&per_page=5&chart=share&interval=week")
    links = {a.text: a["href"] for a in soup.select(".downloads a")}
    assert links == {
        "Download CSV": "/api/export?q=flood&source=Alpha&format=csv",
        "Download JSON lines": "/api/export?q=flood&source=Alpha&format=jsonl",
        "Atom feed": "/feeds/search.atom?q=flood&source=Alpha",
    }
    feed = soup.select_one('head link[rel=alternate][type="application/atom+xml"]')
    assert feed["href"] == "/feeds/search.atom?q=flood&source=Alpha"


def test_no_chart_without_dated_matches_or_with_a_bad_interval(client):
    assert page(client, "/?q=diary").select_one("figure.timeline") is None
    soup = page(client, "/?q=flood&interval=fortnight")
    assert soup.select_one("figure.timeline") is None and len(soup.select(".result")) == 5


def test_the_batch_page_runs_an_uploaded_file(client):
    form = page(client, "/batch").select_one("form[enctype='multipart/form-data']")
    assert form.find("textarea", id="queries") is not None and form.find("input", type="file")["name"] == "file"
    data = {"file": (io.BytesIO(b"flood\ncup\n"), "q.txt"), "per_page": "1", "interval": "month"}
    response = client.post("/batch", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    rows = soup.select("table.batch-results tbody tr")
    found = [(r.th.a.text, r.select_one("td.number").contents[0].strip()) for r in rows]
    assert found == [("flood", "5"), ("cup", "1")]
    label = "per month from 2024-01-01 to 2024-02-01; the most, 3, in the month of 2024-01-01"
    assert rows[0].find("svg")["aria-label"] == label
    download = soup.select_one("form.download")
    assert download["action"] == "/api/batch?format=csv" and download.textarea.text == "flood\ncup"
    hidden = {i["name"]: i["value"] for i in download.select("input[type=hidden]")}
    assert hidden == {"interval": "month", "per_page": "1"}
    csv = client.post(download["action"], data={"queries": download.textarea.text, **hidden})
    assert csv.status_code == 200 and csv.get_data(as_text=True).startswith("query,total,undated,hit_1_id")


def test_the_batch_page_says_what_is_wrong(client):
    response = client.post("/batch", data={"queries": "flood\n" + "x" * 1001})
    assert response.status_code == 400
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert "query 2: the query is longer than 1000 characters" in soup.select_one(".error").text
    assert soup.find("textarea", id="queries").text.startswith("flood\nxxx")
