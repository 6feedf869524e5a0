"""Index generations: each rebuild is a new folder, switched in atomically; failures keep the old one."""

from __future__ import annotations

import pytest
from whoosh.codec import default_codec

from searchsvc.indexing.build import current_generation, reindex
from searchsvc.search.service import SearchRequest, search
from searchsvc.search.serving import IndexHandle, IndexNotFound, LiveIndex


def _corpus(folder, **articles):
    folder.mkdir(exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text)
    return folder


def test_rebuild_switches_generation_and_prunes(tmp_path):
    corpus = _corpus(tmp_path / "c", one="Alpha headline\n\nThe alpha body text is here.")
    index = tmp_path / "index"
    generations = [reindex(corpus, index, 10**6, full=True).generation for _ in range(4)]
    assert generations == ["gen-000001", "gen-000002", "gen-000003", "gen-000004"]
    assert current_generation(index) == "gen-000004"
    assert sorted(p.name for p in index.glob("gen-*")) == ["gen-000003", "gen-000004"]


def test_open_handle_follows_the_switch(tmp_path):
    corpus = _corpus(tmp_path / "c", one="Alpha headline\n\nThe alpha body text is here.")
    index = tmp_path / "index"
    reindex(corpus, index, 10**6)
    handle = IndexHandle(index)
    assert search(handle.get(), SearchRequest("beta")).total == 0
    _corpus(corpus, two="Beta headline\n\nThe beta body text is here.")
    reindex(corpus, index, 10**6)
    assert search(handle.get(), SearchRequest("beta")).total == 1
    assert LiveIndex(handle).info()["documents"] == 2


def test_failed_reindex_keeps_the_last_good_generation(tmp_path):
    corpus = _corpus(tmp_path / "c", one="Alpha headline\n\nThe alpha body text is here.")
    index = tmp_path / "index"
    reindex(corpus, index, 10**6)
    with pytest.raises(FileNotFoundError):
        reindex(tmp_path / "missing", index, 10**6)
    assert current_generation(index) == "gen-000001"
    assert search(IndexHandle(index).get(), SearchRequest("alpha")).total == 1


def test_skipped_files_are_reported_and_the_rest_indexed(tmp_path):
    corpus = _corpus(tmp_path / "c", good="Good headline\n\nGood body text.", empty="")
    (corpus / "bin.txt").write_bytes(b"\x00\x00\x00")
    report = reindex(corpus, tmp_path / "index", 10**6)
    assert report.indexed == 1
    assert sorted((s.path.rsplit("/", 1)[1], s.reason) for s in report.skipped) == [
        ("bin.txt", "binary file (NUL bytes)"),
        ("empty.txt", "empty file"),
    ]


def test_no_index_yet(tmp_path):
    with pytest.raises(IndexNotFound):
        IndexHandle(tmp_path).get()


def test_segments_name_whooshs_own_codec(tmp_path):
    """Reindex writes through a codec wrapper, but segments must name Whoosh's default codec: the
    table of contents pickles each segment's codec, and a renamed wrapper must not break indexes."""
    corpus = _corpus(tmp_path / "c", one="Alpha headline\n\nThe alpha body.", two="Beta headline\n\nThe beta body.")
    index = tmp_path / "index"
    reindex(corpus, index, 10**6)
    (corpus / "three.txt").write_text("Gamma headline\n\nThe gamma body.")
    reindex(corpus, index, 10**6)  # an incremental run adds a segment
    toc = (index / current_generation(index)).glob("_MAIN_*.toc")
    assert b"_WriterCodec" not in next(toc).read_bytes()
    segments = IndexHandle(index).get()._segments()
    assert len(segments) == 2
    assert {type(segment.codec()) for segment in segments} == {type(default_codec())}
