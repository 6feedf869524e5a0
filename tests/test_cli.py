"""The ``searchsvc`` command through click's runner, on real folders."""

from __future__ import annotations

import json

import pytest

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


@pytest.mark.parametrize(
    ("options", "query"),
    [
        (["--source", "BBC", "--source", "Reuters", "--sort", "-date"], "source=BBC&source=Reuters&sort=-date"),
        (["--from", "2023", "--to", "2024-02", "--lang", "en"], "from=2023&to=2024-02&lang=en"),
        (["--speaker", "Jens Stoltenberg", "--all-copies"], "speaker=Jens+Stoltenberg&collapse=false"),
    ],
)
def test_search_filters_and_sort_are_the_api_parameters(runner, news_index, make_app, options, query):
    args = ["search", "nato ukraine", "--json", "--index", str(news_index), *options]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    served = make_app(index_dir=news_index).test_client().get(f"/api/search?q=nato+ukraine&{query}").get_json()
    printed = json.loads(result.output)
    assert printed.pop("took_ms") >= 0 and served.pop("took_ms") >= 0
    assert printed == served and printed["total"] > 0


def test_search_by_date_prints_results_without_scores(runner, news_index):
    result = runner.invoke(main, ["search", "nato", "--sort", "date", "--index", str(news_index)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()  # oldest first: the Russian article that writes НАТО, then Vilnius
    assert "1. Столтенберг заявил" in lines[1] and "2. NATO allies meet in Vilnius" in lines[2] and "[" not in lines[1]


def test_search_bad_filter_is_a_message(runner, news_index):
    result = runner.invoke(main, ["search", "nato", "--from", "2020x", "--index", str(news_index)])
    assert result.exit_code != 0 and "'from' must be a date" in result.output and "Traceback" not in result.output


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
