"""Reading corpus files: media types, encodings, JSONL records, and bad input skipped with a reason."""

from __future__ import annotations

import gzip
import json

import pytest

from searchsvc.ingest.files import RawDocument, Skipped, decode, iter_corpus, read_path

LIMIT = 1_000_000


def _one(path, limit=LIMIT):
    items = list(read_path(path, limit))
    assert len(items) == 1
    return items[0]


def test_text_and_html_files(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\nBody text.")
    (tmp_path / "b.HTML").write_text("<html><body><p>Hello</p></body></html>")
    (tmp_path / "notes.md").write_text("ignored")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.htm").write_text("<p>x</p>")
    items = list(iter_corpus(tmp_path, LIMIT))
    assert [(i.doc_id, i.media_type) for i in items] == [
        ("a", "text/plain"),
        ("b", "text/html"),
        ("sub--c", "text/html"),
    ]


def test_jsonl_ids_fields_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "given-1", "title": "T", "body": "Body one", "lang": "en", "extra": 1}),
        "{not json",
        json.dumps({"url": "https://example.org/a", "text": "Body two"}),
        json.dumps({"html": "<p>Body three</p>"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-body"}),
        "",
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines))
    items = list(read_path(tmp_path / "feed.jsonl", LIMIT))
    docs = [i for i in items if isinstance(i, RawDocument)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert docs[0].doc_id == "given-1" and docs[0].meta == {"title": "T", "lang": "en"}
    assert docs[1].doc_id.startswith("u") and docs[1].meta["url"] == "https://example.org/a"
    assert docs[2].doc_id == "feed-4" and docs[2].media_type == "text/html"
    assert [(s.path.rsplit(":", 1)[1], s.reason.split(":")[0]) for s in skipped] == [
        ("2", "invalid JSON"),
        ("5", "JSON line is not an object"),
        ("6", "no body, text or html field"),
    ]


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"id": "z", "body": "Zipped body"}).encode()))
    assert _one(path).doc_id == "z"
    (tmp_path / "broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08garbage")
    assert "broken gzip" in _one(tmp_path / "broken.jsonl.gz").reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    item = _one(path)
    assert isinstance(item, Skipped) and reason in item.reason


def test_huge_file_is_skipped_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 300)
    item = _one(path, limit=1000)
    assert isinstance(item, Skipped) and "too large" in item.reason


def test_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.txt").write_text("Good headline\n\nGood body.")
    items = list(iter_corpus(tmp_path, LIMIT))
    assert [type(i).__name__ for i in items] == ["Skipped", "RawDocument"]


RUSSIAN = "Министр обороны заявил, что поставки вооружений будут увеличены в ближайшие месяцы."
UKRAINIAN = "Міністр оборони заявив, що постачання озброєнь буде збільшено найближчими місяцями."


@pytest.mark.parametrize(
    ("data", "html", "expected"),
    [
        ("\ufeffHello".encode(), False, "Hello"),
        ("Привет".encode("utf-16"), False, "Привет"),
        (RUSSIAN.encode("utf-8"), False, RUSSIAN),
        (RUSSIAN.encode("cp1251"), False, RUSSIAN),
        (UKRAINIAN.encode("cp1251"), False, UKRAINIAN),
        (('<meta charset="koi8-r"><p>' + RUSSIAN).encode("koi8_r"), True, "<p>" + RUSSIAN),
    ],
)
def test_decode(data, html, expected):
    text, _ = decode(data, html=html)
    assert text.endswith(expected)
