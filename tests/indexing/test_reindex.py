"""Incremental reindex: added / updated / deleted / unchanged by stable id and content hash; the lock."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time

import pytest

from searchsvc.cli import main
from searchsvc.indexing import build, generations
from searchsvc.indexing.build import reindex
from searchsvc.indexing.generations import BUILD_INFO, IndexLocked, current_generation, writer_lock
from searchsvc.indexing.manifest import MANIFEST_FILE, Manifest
from searchsvc.indexing.parallel_clean import prepare_all
from searchsvc.indexing.progress import Progress
from searchsvc.ingest.files import RawDocument
from searchsvc.search.service import SearchRequest, search
from searchsvc.search.serving import IndexHandle, LiveIndex

ARTICLES = {
    "alpha": "Alpha headline\n\nThe alpha body text is about harbours and ships.",
    "beta": "Beta headline\n\nThe beta body text is about mountains and snow.",
    "gamma": "Gamma headline\n\nThe gamma body text is about deserts and sand.",
}


def _write(folder, **articles):
    folder.mkdir(exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text)
    return folder


def _ids(index, query):
    return sorted(hit.id for hit in search(IndexHandle(index).get(), SearchRequest(query, per_page=50)).results)


@pytest.fixture()
def built(tmp_path):
    corpus = _write(tmp_path / "corpus", **ARTICLES)
    index = tmp_path / "index"
    first = reindex(corpus, index, 10**6)
    assert (first.added, first.full, first.switched, first.generation) == (3, True, True, "gen-000001")
    return corpus, index


def test_no_change_makes_no_generation(built):
    corpus, index = built
    report = reindex(corpus, index, 10**6)
    assert (report.unchanged, report.indexed, report.deleted, report.switched) == (3, 0, 0, False)
    assert report.generation == "gen-000001" == current_generation(index)
    assert report.documents == 3


def test_add_update_delete_in_one_run(built):
    corpus, index = built
    (corpus / "beta.txt").write_text("Beta headline\n\nThe beta body now speaks of glaciers.")
    (corpus / "gamma.txt").unlink()
    _write(corpus, delta="Delta headline\n\nThe delta body text is about rivers.")
    report = reindex(corpus, index, 10**6)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (1, 1, 1, 1)
    assert (report.switched, report.full, report.documents) == (True, False, 3)
    assert current_generation(index) == "gen-000002"
    assert _ids(index, "glaciers") == ["beta"]
    assert _ids(index, "mountains") == []
    assert _ids(index, "deserts") == []
    assert _ids(index, "rivers") == ["delta"]
    assert _ids(index, "body") == ["alpha", "beta", "delta"]
    assert LiveIndex(IndexHandle(index)).info()["documents"] == 3


def test_incremental_copy_shares_unchanged_segment_files(built):
    corpus, index = built
    _write(corpus, delta="Delta headline\n\nThe delta body text is about rivers.")
    reindex(corpus, index, 10**6)
    old, new = index / "gen-000001", index / "gen-000002"
    shared = [f.name for f in old.glob("*.seg") if (new / f.name).exists() and (new / f.name).samefile(f)]
    assert shared, "the unchanged segment is a hard link, not a copy"
    assert not (new / MANIFEST_FILE).samefile(old / MANIFEST_FILE)
    with_old = Manifest(old / MANIFEST_FILE, readonly=True)
    try:
        assert with_old.count() == 3, "the serving generation's manifest is never written"
    finally:
        with_old.close()


def test_full_rebuild_and_build_info(built):
    corpus, index = built
    report = reindex(corpus, index, 10**6, full=True)
    assert (report.full, report.added, report.generation) == (True, 3, "gen-000002")
    info = json.loads((index / "gen-000002" / BUILD_INFO).read_text())
    assert (info["documents"], info["full"]) == (3, True)


VERSIONS = ["ANALYSIS_VERSION", "SCHEMA_VERSION", "POSTING_ARRAYS_VERSION", "NEAR_DUPLICATES_VERSION"]


def test_the_index_version_is_its_components_versions_alone():
    """No source text goes into it: a docstring edit leaves the next reindex incremental."""
    versions = [getattr(build, name) for name in VERSIONS]
    assert build.fingerprint() == "analysis={} schema={} posting_arrays={} near_duplicates={}".format(*versions)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_changed_component_version_forces_full_rebuild(built, monkeypatch, version):
    corpus, index = built
    monkeypatch.setattr(f"searchsvc.indexing.build.{version}", 99)
    report = reindex(corpus, index, 10**6)
    assert (report.full, report.added, report.switched) == (True, 3, True)


def test_unfinished_generation_is_removed_and_never_served(built):
    corpus, index = built
    partial = index / "gen-000007"
    partial.mkdir()
    (partial / "junk.seg").write_text("half written")
    _write(corpus, delta="Delta headline\n\nThe delta body text is about rivers.")
    report = reindex(corpus, index, 10**6)
    assert not partial.exists()
    assert report.generation == current_generation(index)
    assert _ids(index, "rivers") == ["delta"]


def test_duplicate_ids_in_one_corpus_are_skipped_with_reason(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = json.dumps({"id": "x1", "title": "Same id", "text": "First text about cats."})
    again = json.dumps({"id": "x1", "title": "Same id", "text": "Second text about dogs."})
    (corpus / "feed.jsonl").write_text(line + "\n" + again + "\n")
    report = reindex(corpus, tmp_path / "index", 10**6)
    assert report.added == 1
    assert [s.reason for s in report.skipped] == ["duplicate id 'x1' (first one kept)"]


def test_second_writer_fails_naming_the_holder_or_waits(built):
    corpus, index = built
    with subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(index)], stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(IndexLocked, match=f"pid {holder.pid}"):
            reindex(corpus, index, 10**6)
        started = time.monotonic()
        report = reindex(corpus, index, 10**6, wait=True)  # the holder lets go after ~1 s
        assert time.monotonic() - started > 0.3
        assert report.unchanged == 3


_HOLD_LOCK = """
import sys, time
from pathlib import Path
from searchsvc.indexing.generations import writer_lock
with writer_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(1.0)
"""


def test_lock_is_released_after_a_run(tmp_path):
    with writer_lock(tmp_path):
        pass
    with writer_lock(tmp_path):
        assert (tmp_path / generations.LOCK_FILE).read_text().strip() == str(os.getpid())


def test_progress_lines_when_not_a_terminal(tmp_path, caplog):
    corpus = _write(tmp_path / "corpus", **ARTICLES)
    stream = io.StringIO()
    with caplog.at_level("INFO", logger="searchsvc.indexing.progress"):
        reindex(corpus, tmp_path / "index", 10**6, progress=Progress(stream=stream, tty=False, interval=0.0))
    assert stream.getvalue() == ""
    assert re.fullmatch(r"3 docs \d+/s \(added 3, updated 0, deleted 0, unchanged 0, skipped 0\)", caplog.messages[-1])


def test_progress_bar_on_a_terminal(built):
    corpus, index = built
    stream = io.StringIO()
    reindex(corpus, index, 10**6, progress=Progress(stream=stream, tty=True, interval=0.0))
    last = stream.getvalue().split("\r")[-1]
    assert last.startswith("[" + "#" * 30 + "] 100% 3/3 docs ")
    assert last.endswith("(added 0, updated 0, deleted 0, unchanged 3, skipped 0)\x1b[K\n")


def test_jsonl_limit_is_per_record_and_headlines_alone_are_documents(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [{"id": f"n{i}", "title": f"Headline number {i} about elections", "lang": "en"} for i in range(40)]
    records.append({"id": "big", "title": "Too big", "text": "word " * 400})
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    assert (corpus / "feed.jsonl").stat().st_size > 1500  # the file is over the limit, each headline under it
    report = reindex(corpus, tmp_path / "index", 1500)
    assert report.added == 40
    assert [(s.path.rsplit(":", 1)[1], s.reason.split(" (")[0]) for s in report.skipped] == [("41", "line too large")]
    hits = search(IndexHandle(tmp_path / "index").get(), SearchRequest("elections", per_page=50)).results
    assert len(hits) == 40 and hits[0].title.startswith("Headline number")


def test_parallel_cleaning_keeps_input_order_and_results(tmp_path):
    raws = [
        RawDocument(
            f"feed:{i}", f"r{i}", "text/plain", f"Headline {i}\n\n{' '.join(['word'] * 30)} number {i}.", "utf-8"
        )
        for i in range(50)
    ]
    inline = list(prepare_all(raws, workers=1))
    parallel = list(prepare_all(raws, workers=2, batch_size=8))
    assert [p.article.id for p in parallel] == [f"r{i}" for i in range(50)]
    assert parallel == inline


def test_cli_reindex_summary_full_and_lock_message(runner, built):
    corpus, index = built
    args = ["reindex", "--corpus", str(corpus), "--index", str(index)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "added 0, updated 0, deleted 0, unchanged 3, skipped 0" in result.output
    assert "no change, still serving gen-000001" in result.output
    result = runner.invoke(main, [*args, "--full"])
    assert "added 3" in result.output and "switched to gen-000002" in result.output
    with writer_lock(index):
        result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert f"another reindex (pid {os.getpid()}) is writing" in result.output
