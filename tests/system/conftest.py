"""Fixtures of the system tests: a real gunicorn over the sample index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.system.servers import start_gunicorn


@pytest.fixture(scope="session")
def server(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real gunicorn process serving ``wsgi:app`` over the sample index; yields its base URL."""
    with start_gunicorn(sample_index, tmp_path_factory.mktemp("gunicorn") / "log.txt") as base:
        yield base
