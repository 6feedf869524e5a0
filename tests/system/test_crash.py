"""Crash safety, proven: ``searchsvc reindex`` killed with SIGKILL at random moments, some at the switch.

After every kill a fresh handle must answer from a complete generation (the last good one, or the
new one if the kill came after the switch), and the next reindex must succeed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from searchsvc.indexing.build import reindex
from searchsvc.indexing.generations import BUILD_INFO, build_info, current_generation
from searchsvc.search.service import SearchRequest, search
from searchsvc.search.serving import IndexHandle

TRIALS = 22
AT_SWITCH = {3, 8, 14, 20}  # trials killed while the new pointer is written but not yet renamed
DOCS = 300
CHANGED = 140  # more than one cleaning batch, so the worker pool runs
WORDS = [f"w{i}" for i in range(3000)]
CLI = [sys.executable, "-c", "from searchsvc.cli import main; main()"]
# The same reindex as the CLI's, paused for 5 s with the new pointer written but not yet renamed.
PAUSED_AT_SWITCH = """
import sys, time
from searchsvc.indexing.build import reindex
corpus, index, full = sys.argv[1], sys.argv[2], sys.argv[3] == "full"
reindex(corpus, index, 10**6, full=full, workers=2, before_switch=lambda: time.sleep(5))
"""


def _write_feed(corpus: Path, trial: int) -> None:
    """The corpus of ``trial``: docs 0..CHANGED-1 carry ``mark<trial>``; one extra doc ``x<trial>``."""
    rng = random.Random(7)
    lines = []
    for i in range(DOCS):
        words = " ".join(rng.choice(WORDS) for _ in range(24))
        marker = f" mark{trial}" if i < CHANGED else ""
        lines.append({"id": f"d{i}", "lang": "en", "title": f"Story {i}", "text": words + marker + "."})
    lines.append({"id": f"x{trial}", "lang": "en", "title": f"Extra {trial}", "text": f"extra{trial} text."})
    temporary = corpus / "feed.tmp"
    temporary.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    os.replace(temporary, corpus / "feed.jsonl")


def _total(ix, query: str) -> int:
    return search(ix, SearchRequest(query)).total


def _serving_trial(index: Path, trial: int) -> int:
    """Which corpus state (``trial`` or the one before) the index in service holds; fails if neither."""
    generation = current_generation(index)
    assert generation and (index / generation / BUILD_INFO).is_file(), "an unfinished generation is serving"
    assert build_info(index, generation)["documents"] == DOCS + 1
    ix = IndexHandle(index).get()  # a fresh handle, as a newly started server worker would open
    assert ix.doc_count() == DOCS + 1
    for state, other in ((trial, trial - 1), (trial - 1, trial)):
        holds = (_total(ix, f"mark{state}"), _total(ix, f"extra{state}"))
        lacks = (_total(ix, f"mark{other}"), _total(ix, f"extra{other}"))
        if holds == (CHANGED, 1) and lacks == (0, 0):
            return state
    pytest.fail(f"trial {trial}: the index in service holds neither the old nor the new corpus")


def _run_killed(corpus: Path, index: Path, trial: int, delay: float, log) -> None:
    full = trial % 4 == 0
    if trial in AT_SWITCH:
        args = [sys.executable, "-c", PAUSED_AT_SWITCH, str(corpus), str(index), "full" if full else "incremental"]
    else:
        args = [*CLI, "reindex", "--corpus", str(corpus), "--index", str(index), "--workers", "2"]
        args += ["--full"] if full else []
    process = subprocess.Popen(args, stdout=log, stderr=log)
    try:
        if trial in AT_SWITCH:
            pending = index / f".CURRENT.{process.pid}"
            deadline = time.monotonic() + 30
            while not pending.exists() and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            assert pending.exists(), "the reindex never reached the switch"
        else:
            time.sleep(delay)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()


@pytest.mark.slow
def test_sigkill_at_random_moments_never_breaks_the_service(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    _write_feed(corpus, 0)
    reindex(corpus, index, 10**6)
    _write_feed(corpus, 1)
    started = time.monotonic()  # an unkilled incremental run, to spread the kills over its length
    subprocess.run([*CLI, "reindex", "--corpus", str(corpus), "--index", str(index)], check=True, capture_output=True)
    run_length = time.monotonic() - started
    rng = random.Random(2026)
    outcomes = []
    with open(tmp_path / "killed.log", "wb") as log:
        for trial in range(2, TRIALS + 2):
            _write_feed(corpus, trial)
            _run_killed(corpus, index, trial, rng.uniform(0.0, run_length), log)
            outcomes.append(_serving_trial(index, trial))
            report = reindex(corpus, index, 10**6, workers=1)
            assert _serving_trial(index, trial) == trial, report
    old = sum(state == trial - 1 for trial, state in enumerate(outcomes, 2))
    print(f"{TRIALS} kills over {run_length:.1f}s runs: {old} before the switch, {TRIALS - old} after it")
