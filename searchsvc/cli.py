"""The ``searchsvc`` command: thin click wrappers around reindex, search, clean and serve."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from searchsvc.clean.article import clean as clean_document
from searchsvc.clean.language import parse_languages
from searchsvc.config import SETTINGS, ConfigError, Settings
from searchsvc.indexing.build import reindex
from searchsvc.indexing.generations import IndexLocked
from searchsvc.indexing.progress import Progress
from searchsvc.ingest.files import Skipped, read_paths
from searchsvc.query.limits import Limits
from searchsvc.search.export import FORMATS, export_request, lines, prepare_export
from searchsvc.search.quotes import search_quotes
from searchsvc.search.request import SearchRequest, search_request, validate
from searchsvc.search.service import QueryError, SearchResponse, search
from searchsvc.search.serving import IndexHandle, IndexNotFound, Snapshot, opened
from searchsvc.search.speakers import list_speakers

BATCH_LIMIT = 1000
RUN_TAG = "searchsvc"
SETTINGS_HELP = "\n".join(f"  {s.env:<28} {s.help} (default: {s.default})" for s in SETTINGS)


@click.group(epilog="Environment variables:\n\n" + SETTINGS_HELP)
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Full-text search over a folder of news articles."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(levelname)s %(message)s")
    try:
        ctx.obj = Settings.load()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _with_paths(settings: Settings, corpus: Path | None, index: Path | None) -> Settings:
    overrides = {key: value for key, value in (("corpus_dir", corpus), ("index_dir", index)) if value}
    return Settings.load({**settings.as_dict(), **overrides}, environ={})


@main.command("reindex")
@click.option("--corpus", type=click.Path(path_type=Path, file_okay=False), help="Corpus folder.")
@click.option("--index", type=click.Path(path_type=Path, file_okay=False), help="Index folder.")
@click.option("--full", is_flag=True, help="Rebuild every document instead of only the changed ones.")
@click.option("--wait", is_flag=True, help="Wait for a running reindex to finish instead of failing.")
@click.option("--workers", type=int, help="Cleaning processes (default: SEARCHSVC_REINDEX_WORKERS, 0 = all cores).")
@click.pass_obj
def reindex_command(
    settings: Settings, corpus: Path | None, index: Path | None, full: bool, wait: bool, workers: int | None
) -> None:
    """Bring the index in line with the corpus (incrementally unless --full) and switch to it."""
    settings = _with_paths(settings, corpus, index)
    try:
        report = reindex(
            settings.corpus_dir,
            settings.index_dir,
            settings.max_file_bytes,
            full=full,
            wait=wait,
            workers=settings.reindex_workers if workers is None else workers,
            writer_mb=settings.writer_memory_mb,
            progress=Progress(),
            primary_languages=parse_languages(settings.primary_languages),
        )
    except (FileNotFoundError, IndexLocked) as exc:
        raise click.ClickException(str(exc)) from None
    state = "switched to" if report.switched else "no change, still serving"
    click.echo(
        f"{report.generation}: indexed {report.indexed}, skipped {len(report.skipped)} "
        f"in {report.seconds:.1f}s ({settings.index_dir})"
    )
    click.echo(f"{report.counts()}; {report.grouped} near-duplicates grouped; {state} {report.generation}")
    for item in report.skipped:
        click.echo(f"  skipped {item.path}: {item.reason}", err=True)


FILTER_OPTIONS = (
    click.option("--lang", multiple=True, help="Only this language (repeatable)."),
    click.option("--source", multiple=True, help="Only this source (repeatable)."),
    click.option("--speaker", multiple=True, help="Only articles where this person speaks (repeatable)."),
    click.option("--from", "date_from", help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
    click.option("--to", "date_to", help="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD)."),
    click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default="relevance", show_default=True),
    click.option("--all-copies", is_flag=True, help="Show every copy of a near-duplicate story, not one per group."),
)


def _search_request(settings: Settings, query: str, *, all_copies: bool, **options: Any) -> SearchRequest:
    """The request ``/api/search`` would make of the same values, checked by the same code."""
    return search_request(query, collapse=not all_copies, boosts=settings.boosts(), limits=settings.limits(), **options)


def _filter_options(command):
    """The options of ``/api/search``'s filters and order, shared by the commands that search."""
    for option in reversed(FILTER_OPTIONS):
        command = option(command)
    return command


@main.command("search")
@click.argument("query", required=False)
@click.option("--index", type=click.Path(path_type=Path, file_okay=False), help="Index folder.")
@click.option("--limit", default=None, type=int, help="Number of results [default: 10; 1000 with --batch].")
@click.option("--page", default=1, show_default=True, help="Page of results.")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON answer.")
@_filter_options
@click.option("--batch", type=click.Path(path_type=Path, dir_okay=False, exists=True), help="qid<TAB>query lines.")
@click.option("--run", "run_path", type=click.Path(path_type=Path, dir_okay=False), help="TREC run to write (--batch).")
@click.pass_obj
def search_command(
    settings: Settings,
    query: str | None,
    index: Path | None,
    limit: int | None,
    page: int,
    as_json: bool,
    batch: Path | None,
    run_path: Path | None,
    **filters: Any,
) -> None:
    """Search the index and print ranked results; with --batch, write a TREC run of many queries."""
    settings = _with_paths(settings, None, index)
    if batch is not None:
        if run_path is None or query is not None:
            raise click.UsageError("--batch needs --run OUT.txt and no QUERY")
        _batch(settings, batch, run_path, limit or BATCH_LIMIT)
        return
    if query is None:
        raise click.UsageError("give a QUERY, or --batch QUERIES.tsv --run OUT.txt")
    try:
        # a bad query is named before a missing index
        request = validate(_search_request(settings, query, page=page, per_page=limit or 10, **filters))
        response = search(IndexHandle(settings.index_dir).get(), request)
    except (QueryError, IndexNotFound) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(response.to_json(), ensure_ascii=False))
        return
    click.echo(f"{response.total} results for {query!r}")
    first = (response.page - 1) * response.per_page
    for rank, hit in enumerate(response.results, first + 1):
        details = ", ".join(filter(None, [hit.source, hit.published, hit.lang]))
        score = "" if hit.score is None else f"[{hit.score:.2f}] "  # no score when sorted by date
        click.echo(f"{rank:3}. {score}{hit.title} ({details}) id={hit.id}")


@main.command("quotes")
@click.argument("query", required=False, default="")
@click.option("--speaker", multiple=True, help="Only this person's quotes, any spelling (repeatable).")
@click.option("--lang", multiple=True, help="Only this language (repeatable).")
@click.option("--limit", default=10, show_default=True, help="Number of quotes.")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON answer.")
@click.option("--index", type=click.Path(path_type=Path, file_okay=False), help="Index folder.")
@click.pass_obj
def quotes_command(
    settings: Settings, query: str, speaker: tuple[str, ...], lang: tuple[str, ...], limit: int, as_json: bool,
    index: Path | None,
) -> None:  # fmt: skip
    """Search what people said, as /api/quotes does: QUERY, or all of --speaker's quotes newest first."""
    settings = _with_paths(settings, None, index)
    try:
        request = _search_request(settings, query, all_copies=True, speaker=speaker, lang=lang, per_page=limit)
        response = search_quotes(IndexHandle(settings.index_dir).get(), request)
    except (QueryError, IndexNotFound) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(response.to_json(), ensure_ascii=False))
        return
    click.echo(f"{response.total} quotes")
    for rank, quote in enumerate(response.results, 1):
        article = quote.article
        details = ", ".join(filter(None, [article["source"], article["published"], article["lang"]]))
        click.echo(f"{rank:3}. {quote.speaker}: “{quote.text}” ({details}) id={article['id']}")


@main.command("speakers")
@click.argument("prefix", required=False, default="")
@click.option("--lang", multiple=True, help="Only quotes in this language (repeatable).")
@click.option("--limit", default=20, show_default=True, help="Number of people.")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON answer.")
@click.option("--index", type=click.Path(path_type=Path, file_okay=False), help="Index folder.")
@click.pass_obj
def speakers_command(
    settings: Settings, prefix: str, lang: tuple[str, ...], limit: int, as_json: bool, index: Path | None
) -> None:
    """List the people who speak, most-quoted first, as /api/speakers does; PREFIX in any script."""
    settings = _with_paths(settings, None, index)
    try:
        response = list_speakers(
            IndexHandle(settings.index_dir).get(), prefix, lang, per_page=limit, limits=settings.limits()
        )
    except (QueryError, IndexNotFound) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(response.to_json(), ensure_ascii=False))
        return
    click.echo(f"{response.total} speakers")
    for person in response.results:
        others = [v for v in person.variants if v != person.name]
        also = f" (also {', '.join(others)})" if others else ""
        click.echo(f"{person.quotes:6} quotes {person.articles:6} articles  {person.name}{also}")


@main.command("export")
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True, help="File format.")
@click.option("--index", type=click.Path(path_type=Path, file_okay=False), help="Index folder.")
@_filter_options
@click.option("--limit", type=int, help="Only the first N articles in order (default: all, up to the bound).")
@click.option("--bom", is_flag=True, help="Begin a CSV file with a byte order mark (for spreadsheet programs).")
@click.pass_obj
def export_command(
    settings: Settings, query: str, fmt: str, index: Path | None, limit: int | None, bom: bool, **filters: Any
) -> None:
    """Write every article QUERY matches to standard output as CSV or JSON lines, as /api/export does."""
    settings = _with_paths(settings, None, index)
    out = sys.stdout.buffer  # bytes as the API sends them (UTF-8, CRLF in CSV), whatever the locale
    try:
        search_part = _search_request(settings, query, **filters)
        wanted = export_request(search_part, fmt, limit, bom, settings.max_export_rows)
        with opened(IndexHandle(settings.index_dir).get()) as snap:
            export = prepare_export(snap, wanted)
            for text in lines(snap, export):
                out.write(text.encode("utf-8"))
            out.flush()
    except (QueryError, IndexNotFound) as exc:
        raise click.ClickException(str(exc)) from None
    late = " (the search reached its time limit: some matches may be missing)" if export.timed_out else ""
    click.echo(f"exported {export.rows} articles{late}", err=True)


def _batch(settings: Settings, queries: Path, run_path: Path, limit: int) -> None:
    """Run every ``qid<TAB>query`` line through ``search`` and write ``qid Q0 docid rank score tag``."""
    boosts = settings.boosts()
    pairs = read_queries(queries)
    # A local evaluation file is trusted: the HTTP bounds on length, terms, depth and time do not apply.
    longest = max((len(text) for _, text in pairs), default=1)
    limits = replace(Limits(), max_query_length=longest, max_terms=longest, max_per_page=limit, search_timeout=600.0)
    limits = replace(limits, max_result_window=max(limit, limits.max_result_window))
    try:
        snapshot = Snapshot(IndexHandle(settings.index_dir).get())  # one searcher for the whole run
        lines = []
        for qid, text in pairs:
            request = SearchRequest(text, 1, limit, boosts, snippets=False, limits=limits)
            lines += run_lines(qid, search(snapshot, request))
    except (QueryError, IndexNotFound) as exc:
        raise click.ClickException(str(exc)) from None
    run_path.write_text("".join(line + "\n" for line in lines))
    click.echo(f"wrote {len(lines)} lines for {len(pairs)} queries to {run_path}")


def run_lines(qid: str, response: SearchResponse) -> list[str]:
    """TREC run lines of one answer, in its order.

    Evaluation tools sort by score, so a score that does not fall with the rank (all-words
    matches come first even when scored lower) is lowered just below the one before it.
    """
    lines, previous = [], float("inf")
    for rank, hit in enumerate(response.results, 1):
        score = min(hit.score, previous - 1e-6)
        lines.append(f"{qid} Q0 {hit.id} {rank} {score:.6f} {RUN_TAG}")
        previous = score
    return lines


def read_queries(path: Path) -> list[tuple[str, str]]:
    """``(qid, query)`` pairs of a ``qid<TAB>query`` file; blank lines are ignored."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        qid, tab, text = line.partition("\t")
        if not tab or not qid.strip() or not text.strip():
            raise click.ClickException(f"{path}:{number}: expected qid<TAB>query")
        pairs.append((qid.strip(), text.strip()))
    return pairs


@main.command("clean")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article, one per line.")
@click.pass_obj
def clean_command(settings: Settings, paths: tuple[Path, ...], as_json: bool) -> None:
    """Clean articles and print them; unreadable files are reported on stderr."""
    cleaned, primary = 0, parse_languages(settings.primary_languages)
    for item in read_paths(paths, settings.max_file_bytes):
        if isinstance(item, Skipped):
            click.echo(f"skipped {item.path}: {item.reason}", err=True)
            continue
        article = clean_document(item, primary)
        cleaned += 1
        if as_json:
            click.echo(json.dumps(article.to_json(), ensure_ascii=False))
        else:
            click.echo(f"# {article.title}\n{article.body}\n")
    if not cleaned:
        sys.exit(1)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--index", type=click.Path(path_type=Path, file_okay=False), help="Index folder.")
@click.pass_obj
def serve_command(settings: Settings, host: str, port: int, index: Path | None) -> None:
    """Serve the API and page with Flask's development server (use gunicorn in production)."""
    from searchsvc.web.app import create_app

    app = create_app(_with_paths(settings, None, index).as_dict())
    app.run(host=host, port=port)
