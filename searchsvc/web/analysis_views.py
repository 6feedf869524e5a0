"""What an analyst does after the first page: ``/api/timeline``, ``/api/export``, ``/api/batch``, the
batch page at ``/batch``, and the page's timeline chart and download links (template globals).

Views are thin like ``app``'s: read arguments (``analysis_args``), call the search layer
(``search.timeline``, ``search.export``, ``search.batch``), render. An export is prepared (matched,
counted, ordered, checked against ``max_export_rows``) before its response starts, so every error
is still a JSON 4xx; only then are its rows streamed, a chunk at a time.
"""

from __future__ import annotations

import time
import unicodedata
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, current_app, g, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from searchsvc.search import QueryError
from searchsvc.search.batch import Batch, csv_text, run_batch
from searchsvc.search.export import lines, prepare_export
from searchsvc.search.serving import IndexNotFound, Snapshot
from searchsvc.search.timeline import timeline

from .analysis_args import batch_request, export_request, json_arguments, text_queries, timeline_request
from .timeline_chart import MEASURES, Chart, chart, percent, sparkline

analysis = Blueprint("analysis", __name__)
analysis.add_app_template_filter(percent, "percent")
analysis.add_app_template_global(sparkline, "sparkline")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8; header=present", "jsonl": "application/x-ndjson; charset=utf-8"}
PAGE_ONLY = ("page", "per_page", "chart", "interval")  # arguments of the page that a download or feed leaves out
UPLOAD_SLACK = 64 * 1024  # bytes of a batch upload besides its queries (form fields, multipart boundaries)


def _snapshot() -> Snapshot:
    return current_app.extensions["searchsvc"].snapshot()


def _answer(data: dict[str, Any]):
    return jsonify({**data, "took_ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 2)})


@analysis.get("/api/timeline")
def api_timeline():
    return _answer(timeline(_snapshot(), timeline_request(request.args, current_app.config["SEARCHSVC"])).to_json())


@analysis.get("/api/export")
def api_export():
    wanted = export_request(request.args, current_app.config["SEARCHSVC"])
    snap = _snapshot()
    export = prepare_export(snap, wanted)
    response = Response(lines(snap, export), content_type=MEDIA_TYPES[wanted.format])
    _attach(response, *file_names(wanted.search.q, wanted.format))
    response.headers["X-Total-Count"] = str(export.rows)
    response.headers["X-Timed-Out"] = "true" if export.timed_out else "false"
    response.headers["Server-Timing"] = f"search;dur={export.took_ms}"
    return response


@analysis.post("/api/batch")
def api_batch():
    queries, args = _batch_input()
    batch = run_batch(_snapshot(), batch_request(queries, args, current_app.config["SEARCHSVC"]))
    if (args.get("format") or "json").lower() == "csv":
        response = Response(csv_text(batch), content_type=MEDIA_TYPES["csv"])
        _attach(response, "searchsvc-batch.csv")
        return response
    return _answer(batch.to_json())


@analysis.route("/batch", methods=["GET", "POST"])
def page_batch():
    batch: Batch | None = None
    text, error = request.form.get("queries", ""), None
    if request.method == "POST":
        try:
            queries, args = _batch_input()
            text = "\n".join(queries)
            batch = run_batch(_snapshot(), batch_request(queries, args, current_app.config["SEARCHSVC"]))
        except (QueryError, IndexNotFound) as exc:  # shown on the page, not as JSON
            error = str(exc)
    status = 400 if error else 200
    return render_template("batch.html", batch=batch, text=text, error=error, form=request.form), status


def _batch_input() -> tuple[list[str], MultiDict]:
    """The queries and other arguments of a batch: a JSON body, or a form with a text file or field."""
    settings = current_app.config["SEARCHSVC"]
    request.max_content_length = settings.max_batch_queries * (4 * settings.max_query_length + 2) + UPLOAD_SLACK
    request.max_form_memory_size = request.max_content_length
    if request.is_json:
        queries, args = json_arguments(request.get_json(silent=True))
        args.update(request.args)
        return queries, args
    upload = request.files.get("file")
    text = request.form.get("queries", "")
    if upload is not None and upload.filename:
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise QueryError("the file of queries is not UTF-8 text") from None
    args = MultiDict([(k, v) for k, v in request.form.items(multi=True) if k != "queries"])
    args.update(request.args)
    return text_queries(text), args


def _attach(response: Response, name: str, ascii_name: str | None = None) -> None:
    """Mark ``response`` as a download named ``name`` (and ``ascii_name`` for clients that only read
    the plain ``filename``; RFC 6266)."""
    filename = {"filename": ascii_name or name}
    if not name.isascii():
        filename["filename*"] = f"UTF-8''{quote(name)}"
    response.headers.set("Content-Disposition", "attachment", **filename)


def file_names(query: str, fmt: str) -> tuple[str, str]:
    """A download's name from its query (``searchsvc-nato-summit.csv``), and the same in ASCII letters.

    >>> file_names('"NATO summit" -drones', "csv")
    ('searchsvc-nato-summit-drones.csv', 'searchsvc-nato-summit-drones.csv')
    >>> file_names("Столтенберг café", "jsonl")
    ('searchsvc-столтенберг-café.jsonl', 'searchsvc-cafe.jsonl')
    >>> file_names("***", "csv")
    ('searchsvc-export.csv', 'searchsvc-export.csv')
    """
    words = "".join(c if c.isalnum() else " " for c in query.casefold()).split()
    plain = [unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode() for w in words]

    def name(parts: list[str]) -> str:
        return f"searchsvc-{'-'.join(p for p in parts if p)[:60].strip('-') or 'export'}.{fmt}"

    return name(words), name(plain)


def _page_args() -> dict[str, list[str]]:
    return {k: v for k, v in request.args.to_dict(flat=False).items() if k not in PAGE_ONLY}


@analysis.app_template_global()
def export_url(fmt: str) -> str:
    """The export of the page's search in ``fmt`` (csv or jsonl)."""
    return url_for("analysis.api_export", **{**_page_args(), "format": fmt})


@analysis.app_template_global()
def feed_url() -> str:
    """The Atom feed of the page's search."""
    return url_for("feeds.search_feed", **_page_args())


@analysis.app_template_global()
def timeline_chart() -> Chart | None:
    """The chart of the page's search (``chart=share`` for shares), or None when it has none to show."""
    measure = request.args.get("chart", "count")
    try:
        found = timeline(_snapshot(), timeline_request(request.args, current_app.config["SEARCHSVC"]))
    except QueryError:  # the page says what is wrong with the search; the chart only stays away
        return None
    return chart(found, measure if measure in MEASURES else "count")
