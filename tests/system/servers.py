"""A real gunicorn serving ``wsgi:app`` on a free port, for the system tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.corpora import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def start_gunicorn(
    index_dir: Path, log_path: Path, workers: int = 2, app: str = "wsgi:app", ready: str = "/api/health"
) -> Iterator[str]:
    """Run gunicorn on a free port until the block ends; its output goes to ``log_path``.

    ``app`` is what gunicorn serves (the benchmarks start a naive service too); the server is up
    when ``ready`` answers 200."""
    port = free_port()
    env = {**os.environ, "SEARCHSVC_INDEX_DIR": str(index_dir)}
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", app]
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(base + ready, process, log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            if requests.get(url, timeout=30).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # workers still importing
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout}s")
