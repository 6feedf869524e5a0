"""Shared fixtures: a real index of the bundled sample corpus, the real app, its clients, and a
small multilingual news index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchsvc.config import SAMPLE_CORPUS
from searchsvc.indexing.build import reindex
from searchsvc.web.app import create_app
from tests.corpora import MAX_BYTES, NEWS
from tests.coverage_corpus import index_coverage
from tests.speech_corpus import index_speech


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


@pytest.fixture(scope="session")
def news_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small multilingual news corpus (JSON lines with language, source and date) indexed once."""
    folder = tmp_path_factory.mktemp("news")
    lines = [
        json.dumps({"id": i, "lang": lang, "source": source, "published": day, "title": title, "body": body})
        for i, lang, source, day, title, body in NEWS
    ]
    (folder / "corpus").mkdir()
    (folder / "corpus" / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reindex(folder / "corpus", folder / "index", MAX_BYTES)
    return folder / "index"


@pytest.fixture(scope="session")
def coverage_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dated flood corpus of ``tests.coverage_corpus`` (six weeks, a near-duplicate pair), indexed once."""
    return index_coverage(tmp_path_factory.mktemp("coverage"))


@pytest.fixture()
def coverage_client(coverage_index):
    """A test client of the real app over ``coverage_index``."""
    app = create_app({"index_dir": coverage_index})
    app.config["TESTING"] = True
    return app.test_client()


@pytest.fixture(scope="session")
def speech_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """News quoting people in English, Russian and Ukrainian (``tests.speech_corpus``), indexed once."""
    return index_speech(tmp_path_factory.mktemp("speech"))
