"""The ``searchsvc`` command through click's runner, on real folders."""

from __future__ import annotations

import json

from searchsvc.cli import main
from searchsvc.config import SAMPLE_CORPUS

CONTRACT = {"path", "id", "title", "body", "author", "published", "source", "url", "lang", "speakers"}


def test_reindex_then_search(runner, tmp_path):
    index = tmp_path / "index"
    result = runner.invoke(main, ["reindex", "--corpus", str(SAMPLE_CORPUS), "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "indexed 5, skipped 0" in result.output
    result = runner.invoke(main, ["search", "Umerov", "--index", str(index)])
    assert result.exit_code == 0
    assert "1 results for 'Umerov'" in result.output
    assert "id=001_96ed12033e6e814c" in result.output


def test_search_json_is_the_api_answer(runner, sample_index, client):
    result = runner.invoke(main, ["search", "Stoltenberg", "--json", "--limit", "3", "--index", str(sample_index)])
    assert result.exit_code == 0
    printed, served = json.loads(result.output), client.get("/api/search?q=Stoltenberg&per_page=3").get_json()
    assert printed.pop("took_ms") >= 0 and served.pop("took_ms") >= 0  # timings differ between two runs
    assert printed == served


def test_search_environment_variable_names_the_index(runner, sample_index):
    result = runner.invoke(main, ["search", "Euractiv"], env={"SEARCHSVC_INDEX_DIR": str(sample_index)})
    assert result.exit_code == 0 and "002_314e43fbc23e5107" in result.output


def test_search_errors_are_messages_not_tracebacks(runner, tmp_path):
    result = runner.invoke(main, ["search", "nato", "--index", str(tmp_path)])
    assert result.exit_code == 1
    assert "run 'searchsvc reindex' first" in result.output
    result = runner.invoke(main, ["search", "  ", "--index", str(tmp_path)])
    assert result.exit_code == 1 and "missing or empty" in result.output


def test_clean_json_contract(runner):
    result = runner.invoke(main, ["clean", str(SAMPLE_CORPUS), "--json"])
    assert result.exit_code == 0
    articles = [json.loads(line) for line in result.output.splitlines()]
    assert len(articles) == 5
    for article in articles:
        assert set(article) >= CONTRACT
        assert isinstance(article["speakers"], list)


def test_clean_reports_unreadable_files_on_stderr(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_text("A headline here\n\nA sentence of body text that says something.\n")
    result = runner.invoke(main, ["clean", str(tmp_path / "empty.txt"), str(tmp_path / "ok.txt"), "--json"])
    assert result.exit_code == 0
    assert "empty.txt: empty file" in result.stderr
    assert json.loads(result.stdout)["title"] == "A headline here"
    result = runner.invoke(main, ["clean", str(tmp_path / "empty.txt"), "--json"])
    assert result.exit_code == 1


def test_bad_environment_value_is_a_clear_error(runner):
    result = runner.invoke(main, ["search", "x"], env={"SEARCHSVC_MAX_PER_PAGE": "many"})
    assert result.exit_code == 1 and "SEARCHSVC_MAX_PER_PAGE" in result.output
