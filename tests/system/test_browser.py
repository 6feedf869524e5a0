"""The search page in real headless Chromium (Debian's chromium + chromedriver) against real gunicorn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.corpora import ROOT
from tests.system.servers import start_gunicorn

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def news_server(news_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with start_gunicorn(news_index, tmp_path_factory.mktemp("gunicorn-news") / "log.txt") as base:
        yield base


def result_ids(driver) -> list[str]:
    links = driver.find_elements(By.CSS_SELECTOR, ".result .similar")
    return [a.get_attribute("href").rsplit("/", 1)[-1] for a in links]


def navigate(driver, act) -> None:
    """Run an action that loads a new page (submit, click) and wait for that page.

    Without the wait, the next lookup can read the old page while the new one loads. The old page
    is told apart by a mark on its window object, which a new document does not have: waiting for
    an old element to go stale failed now and then, when Chromium answered a lookup of the
    unloading page with a generic error instead of a stale-element one.
    """
    driver.execute_script("window.searchsvcOldPage = true")
    act()
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return !window.searchsvcOldPage && document.readyState === 'complete'")
    )


def no_alert(driver) -> bool:
    try:
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False


def test_type_submit_facet_and_page_two(browser, news_server):
    browser.get(news_server + "/")
    box = browser.find_element(By.ID, "q")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=q]").get_attribute("textContent") == "Search articles"
    box.send_keys("nato")
    navigate(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click)
    assert "4 results" in browser.find_element(By.CLASS_NAME, "summary").text  # НАТО in a Russian one too
    assert browser.find_element(By.ID, "q").get_attribute("value") == "nato"
    assert set(result_ids(browser)) == {"nato-vilnius", "drones-kyiv", "nato-budget", "ru-nato"}
    assert browser.find_elements(By.CSS_SELECTOR, ".result h2 mark")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "search.png"))

    bbc = browser.find_element(By.XPATH, "//section[contains(@class,'facet-source')]//a[text()='BBC']")
    navigate(browser, bbc.click)
    assert "source=BBC" in browser.current_url
    assert set(result_ids(browser)) == {"drones-kyiv", "nato-budget"}
    assert browser.find_element(By.CSS_SELECTOR, "input[type=hidden][name=source]").get_attribute("value") == "BBC"

    browser.get(news_server + "/?q=nato&per_page=2")
    first = result_ids(browser)
    navigate(browser, browser.find_element(By.CSS_SELECTOR, "a[rel=next]").click)
    assert "page=2" in browser.current_url and "Page 2 of 2" in browser.find_element(By.CLASS_NAME, "pages").text
    second = result_ids(browser)
    assert len(first) == 2 and len(second) == 2 and not set(first) & set(second)


def test_follow_a_suggestion(browser, news_server):
    browser.get(news_server + "/")
    navigate(browser, lambda: browser.find_element(By.ID, "q").send_keys("stoltenbreg\n"))
    assert "0 results" in browser.find_element(By.CLASS_NAME, "summary").text
    navigate(browser, browser.find_element(By.CSS_SELECTOR, ".suggestion a").click)
    assert browser.find_element(By.ID, "q").get_attribute("value") == "stoltenberg"
    assert "nato-budget" in result_ids(browser)


def test_xss_payloads_show_as_text_and_run_nothing(browser, news_server):
    browser.get(news_server + "/")
    query = "payload <script>alert('query')</script> <img src=x onerror=alert(1)>"
    navigate(browser, lambda: browser.find_element(By.ID, "q").send_keys(query + "\n"))
    assert no_alert(browser)
    title = browser.find_element(By.CSS_SELECTOR, ".result h2").text
    assert title == "<script>alert('title')</script> Payload headline"
    snippet = browser.find_element(By.CSS_SELECTOR, ".result .snippet").text
    assert "<img src=x onerror=\"alert('body')\">" in snippet
    assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img, header script, title script")
    assert browser.execute_script("return document.scripts.length") == 0
    assert "<script>alert('query')</script>" in browser.find_element(By.ID, "q").get_attribute("value")
    browser.save_screenshot(str(ARTIFACTS / "xss.png"))


def test_readable_on_a_phone(browser, news_server):
    browser.set_window_size(390, 844)
    try:
        browser.get(news_server + "/?q=nato")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390  # nothing forces sideways scrolling
        browser.save_screenshot(str(ARTIFACTS / "phone.png"))
    finally:
        browser.set_window_size(1200, 900)
