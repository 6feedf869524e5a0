"""Bad input through the real ``clean`` command: each file gets a reason, none stops the others."""

from __future__ import annotations

import json
import subprocess
import sys

from searchsvc.cli import main

RU = "Министр обороны заявил, что поставки вооружений будут увеличены в ближайшие месяцы, сообщает агентство."
PAGE = (
    "<html><head><title>Headline of the page</title></head><body><article><h1>Headline of the page</h1>"
    "<p>The first paragraph of the story is long enough to count as running text for the reader.</p>"
    "<p>The second paragraph goes on with more detail about what happened and why it matters to"
)


def _bad_corpus(folder):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "markup.html").write_text("<html><head><style>p {}</style></head><body><div></div><!-- x --></body>")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "truncated.html").write_text(PAGE)  # cut in the middle of a paragraph, tags never closed
    with open(folder / "huge.txt", "wb") as huge:  # 50 MB, sparse: its size is checked before any read
        huge.truncate(50 * 1024 * 1024)
    (folder / "undeclared.html").write_bytes(f"<html><body><h1>Заголовок новости</h1><p>{RU}</p>".encode("koi8-r"))
    good = json.dumps({"id": "a", "body": "First record body text."})
    lines = [good, "{not json", json.dumps({"id": "c", "text": RU})]
    (folder / "feed.jsonl").write_text("\n".join(lines))


def test_every_bad_file_gets_a_reason_and_the_rest_is_cleaned(runner, tmp_path):
    _bad_corpus(tmp_path)
    result = runner.invoke(main, ["clean", str(tmp_path), "--json"])
    assert result.exit_code == 0
    articles = {a["id"]: a for a in map(json.loads, result.stdout.splitlines())}
    assert set(articles) == {"truncated", "undeclared", "a", "c"}
    assert articles["truncated"]["title"] == "Headline of the page"
    assert articles["truncated"]["body"].startswith("The first paragraph of the story")
    assert "why it matters to" in articles["truncated"]["body"]
    assert articles["undeclared"]["body"] == RU and articles["undeclared"]["lang"] == "ru"
    assert articles["c"]["lang"] == "ru"
    errors = result.stderr
    assert "empty.txt: empty file" in errors
    assert "markup.html: no text in the page" in errors
    assert "binary.txt: binary file" in errors
    assert "huge.txt: file too large (52428800 bytes > limit 20000000)" in errors
    assert "feed.jsonl:2: invalid JSON" in errors


def test_exit_status_is_non_zero_only_when_nothing_was_cleaned(runner, tmp_path):
    _bad_corpus(tmp_path)
    bad = [str(tmp_path / name) for name in ("empty.txt", "binary.txt", "huge.txt")]
    result = runner.invoke(main, ["clean", *bad, "--json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.count("skipped") == 3
    result = runner.invoke(main, ["clean", *bad, str(tmp_path / "undeclared.html"), "--json"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1


def test_headline_only_records_and_tables_are_articles(runner, tmp_path):
    lines = [
        json.dumps({"id": "h", "title": "Министр обороны подал в отставку", "text": ""}),
        json.dumps({"id": "t", "title": "ARBOR DRUGS INC 2ND QTR NET", "text": "Shr 30 cts vs 36 cts\nNet 1,914,388"}),
        json.dumps({"id": "none", "text": ""}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines))
    result = runner.invoke(main, ["clean", str(tmp_path / "feed.jsonl"), "--json"])
    articles = {a["id"]: a for a in map(json.loads, result.stdout.splitlines())}
    assert articles["h"]["title"] == "Министр обороны подал в отставку" and articles["h"]["body"] == ""
    assert articles["h"]["lang"] == "ru"
    assert articles["t"]["body"] == "Shr 30 cts vs 36 cts\n\nNet 1,914,388"
    assert "feed.jsonl:3: no body, text or html field" in result.stderr


def test_unparsable_html_leaves_no_library_noise_on_stderr(tmp_path):
    """Run as users run it (a real process, logging configured by the command itself)."""
    (tmp_path / "junk.html").write_text("<p>Short text here")  # trafilatura logs two errors for this one
    (tmp_path / "cut.html").write_text("<html><body><p>Only")
    command = [sys.executable, "-c", "from searchsvc.cli import main; main()", "clean", str(tmp_path), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(done.stdout.splitlines()) == 2
