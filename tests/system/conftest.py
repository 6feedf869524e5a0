"""Fixtures of the system tests: a real gunicorn over the sample index, and headless Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.system.servers import start_gunicorn

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
INSTALL = "sudo apt-get install -y --no-install-recommends chromium chromium-driver"  # make test does this as root


@pytest.fixture(scope="session")
def server(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real gunicorn process serving ``wsgi:app`` over the sample index; yields its base URL."""
    with start_gunicorn(sample_index, tmp_path_factory.mktemp("gunicorn") / "log.txt") as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    """Debian's chromium through chromedriver; files it downloads go to ``browser.downloads``."""
    absent = [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).is_file()]
    if absent:  # an error, never a skip: CI must run these tests
        pytest.fail(
            f"the browser tests need Chromium and ChromeDriver, not found: {', '.join(absent)}; "
            f"install them with `{INSTALL}` (or run `make test` as root)",
            pytrace=False,
        )
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(20)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()
