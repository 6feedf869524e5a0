"""Shared fixtures: a real index of the bundled sample corpus, the real app, its clients."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from searchsvc.config import SAMPLE_CORPUS
from searchsvc.indexer import reindex
from searchsvc.web import create_app

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MAX_BYTES = 20_000_000


def filler(count: int) -> list[tuple[str, str, str, str]]:
    """English articles that share no word with the tests' queries: the statistics' background."""
    return [(f"filler-{i}", "en", f"Filler story {i}", f"Weather and sport news number {i}.") for i in range(count)]


def write_articles(path, articles) -> None:
    """``(id, lang, title, text)`` articles as one JSON-lines corpus file."""
    lines = [json.dumps({"id": i, "lang": lang, "title": t, "text": body}) for i, lang, t, body in articles]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def index_articles(root: Path, articles, name: str = "a.jsonl") -> Path:
    """Write ``articles`` as ``root/corpus/name`` and (re)index ``root/corpus`` into ``root/index``,
    which it returns."""
    corpus = root / "corpus"
    corpus.mkdir(exist_ok=True)
    write_articles(corpus / name, articles)
    reindex(corpus, root / "index", 1_000_000)
    return root / "index"


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus, indexed once for the whole session (tests only read it)."""
    index_dir = tmp_path_factory.mktemp("index")
    reindex(SAMPLE_CORPUS, index_dir, MAX_BYTES)
    return index_dir


@pytest.fixture()
def make_app(sample_index: Path):
    """Build an app over the sample index with any setting overridden."""

    def build(**overrides):
        app = create_app({"index_dir": sample_index, **overrides})
        app.config["TESTING"] = True
        return app

    return build


@pytest.fixture()
def app(make_app):
    return make_app()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real gunicorn process serving ``wsgi:app`` over the sample index; yields its base URL."""
    with start_gunicorn(sample_index, tmp_path_factory.mktemp("gunicorn") / "log.txt") as base:
        yield base


@contextmanager
def start_gunicorn(index_dir: Path, log_path: Path, workers: int = 2) -> Iterator[str]:
    """Run gunicorn on a free port until the block ends; its output goes to ``log_path``."""
    port = free_port()
    env = {**os.environ, "SEARCHSVC_INDEX_DIR": str(index_dir)}
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(base, process, log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_up(base: str, process: subprocess.Popen, log_path: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            if requests.get(f"{base}/api/health", timeout=30).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # workers still importing
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer on {base} within {timeout}s")


NEWS = [
    ("nato-vilnius", "en", "Reuters", "2023-07-12", "NATO allies meet in Vilnius",
     "Allies agreed to boost air defence for Ukraine at the summit in Vilnius. \"We stand with Ukraine for as long "
     "as it takes,\" Jens Stoltenberg said. The alliance also discussed drones and ammunition production."),
    ("drones-kyiv", "en", "BBC", "2024-05-10", "Ukraine receives new drones",
     "Kyiv received a large shipment of drones from its partners. \"These drones save lives,\" Volodymyr Zelensky "
     "said on Friday. Stoltenberg welcomed the delivery at NATO headquarters."),
    ("grain-deal", "en", "Reuters", "2022-11-20", "Grain exports resume through the Black Sea",
     "Ships carrying grain left Odesa after the deal was extended. Traders said wheat prices fell in Chicago. "
     "Ukraine is one of the largest exporters of grain in the world."),
    ("rates-2021", "en", "Reuters", "2021-02-02", "Central bank raises interest rates",
     "The central bank raised interest rates by a quarter point to fight inflation, the governor said. "
     "Markets had expected the move for weeks."),
    ("apples", "en", "BBC", None, "Cooking with autumn apples",
     "Apples, cinnamon and butter make a simple autumn dessert. Bake the apples for forty minutes."),
    ("ru-nato", "ru", "Lenta.ru", "2023-06-15", "Столтенберг заявил о поддержке Украины",
     "Генеральный секретарь НАТО Йенс Столтенберг заявил, что альянс продолжит поддерживать Украину. "
     "Он также сказал, что союзники увеличат производство боеприпасов."),
    ("uk-grain", "uk", "Ukrainska Pravda", "2024-01-20", "Україна збільшила експорт зерна",
     "Україна збільшила експорт зерна через морські порти. Міністр заявив, що кораблі виходять з Одеси щодня."),
    ("nato-budget", "en", "BBC", "2024-02-14", "NATO members raise defence budgets",
     "Eighteen NATO members will spend two percent of GDP on defence this year, Jens Stoltenberg said in "
     "Brussels. Poland and the Baltic states spend the most."),
    ("xss", "en", "Evil Source", "2023-01-01", "<script>alert('title')</script> Payload headline",
     "This payload article hides <img src=x onerror=\"alert('body')\"> and <script>alert('body')</script> "
     "in its text, which must show as text."),
]


@pytest.fixture(scope="session")
def news_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small multilingual news corpus (JSON lines with language, source and date) indexed once."""
    import json

    folder = tmp_path_factory.mktemp("news")
    lines = [
        json.dumps({"id": i, "lang": lang, "source": source, "published": day, "title": title, "body": body})
        for i, lang, source, day, title, body in NEWS
    ]
    (folder / "corpus").mkdir()
    (folder / "corpus" / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reindex(folder / "corpus", folder / "index", MAX_BYTES)
    return folder / "index"
