"""The Flask application: a JSON API under ``/api`` and a server-rendered search page at ``/``.

Views are thin: read arguments, call ``search.search``, render. Errors are turned into JSON
``{"error": {"code", "message"}}`` in one place, with a 4xx status, never a traceback. Every
API answer carries ``took_ms``; GET requests under ``/api/`` may come from any origin (CORS).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, current_app, g, jsonify, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from searchsvc.config import Settings
from searchsvc.search import LimitExceeded, QueryError
from searchsvc.search.quotes import search_quotes
from searchsvc.search.service import DocumentNotFound, SearchRequest, get_document, search, similar
from searchsvc.search.serving import IndexHandle, IndexNotFound, LiveIndex, Snapshot
from searchsvc.search.speakers import SpeakerNotFound, list_speakers, speaker_page

from .analysis_views import analysis
from .feeds import feeds
from .openapi import openapi_document
from .request_args import request_from_args, speakers_from_args

log = logging.getLogger(__name__)
api = Blueprint("api", __name__, url_prefix="/api")
pages = Blueprint("pages", __name__)
SIMILAR_LIMIT = 10
FILTERS = ("lang", "source", "speaker", "from", "to")
WARM_UP_QUERY = "news новости новини"  # a word for each language's analysis (Ukrainian loads pymorphy's dictionary)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then ``SEARCHSVC_*`` environment variables, then ``config``."""
    app = Flask(__name__)
    app.json.sort_keys = False  # keep facet values in count order
    settings = Settings.load(config)
    app.config["SEARCHSVC"] = settings
    app.extensions["searchsvc"] = LiveIndex(IndexHandle(settings.index_dir))
    app.register_blueprint(api)
    app.register_blueprint(pages)
    app.register_blueprint(analysis)  # timeline, export, batch
    app.register_blueprint(feeds)
    app.register_error_handler(QueryError, _query_error)
    app.register_error_handler(DocumentNotFound, lambda e: _error(404, "not_found", str(e)))
    app.register_error_handler(SpeakerNotFound, lambda e: _error(404, "not_found", str(e)))
    app.register_error_handler(IndexNotFound, lambda e: _error(503, "index_unavailable", str(e)))
    app.register_error_handler(HTTPException, _http_error)
    app.before_request(_start_clock)
    app.after_request(_cors)
    app.jinja_env.globals.update(page_url=page_url, active_filters=active_filters)
    return app


def warm_up(app: Flask) -> None:
    """Open the index in service and run one search before the first request, so that a new worker's
    first user does not wait for the columns, the ranking statistics and the dictionaries (about
    0.3 s on 55k articles). A missing index is only logged: requests will answer 503 until it exists."""
    try:
        search(app.extensions["searchsvc"].snapshot(), SearchRequest(WARM_UP_QUERY))
    except IndexNotFound as error:
        log.warning("no warm-up: %s", error)
    except Exception:  # a warm-up never keeps a worker from serving: requests report their own errors
        log.exception("warm-up failed; the first request opens the index instead")


def page_url(add: tuple[str, str] | None = None, remove: tuple[str, str] | None = None, **changes: Any) -> str:
    """The page's URL with its arguments changed: a filter added or removed, others set (None drops one)."""
    args = request.args.copy()
    if add and add[1] not in args.getlist(add[0]):
        args.add(*add)
    if remove:
        args.setlist(remove[0], [v for v in args.getlist(remove[0]) if v != remove[1]])
    for name, value in changes.items():
        if value is None:
            args.poplist(name)
        else:
            args[name] = str(value)
    return url_for("pages.page_search", **args.to_dict(flat=False))


def active_filters() -> list[tuple[str, str]]:
    """The filters of the current page request, as ``(name, value)`` pairs."""
    return [(name, value) for name in FILTERS for value in request.args.getlist(name) if value.strip()]


def _snapshot() -> Snapshot:
    return current_app.extensions["searchsvc"].snapshot()


def _start_clock() -> None:
    g.started = time.perf_counter()


def _took_ms() -> float:
    now = time.perf_counter()  # once: a default read after it would make the time negative
    return round((now - g.get("started", now)) * 1000, 2)


def _json(data: dict[str, Any], status: int = 200):
    return jsonify({**data, "took_ms": _took_ms()}), status


def _cors(response):
    if request.path.startswith("/api/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


@api.get("/search")
def api_search():
    response = search(_snapshot(), request_from_args(request.args, current_app.config["SEARCHSVC"]))
    return _json(response.to_json())


@api.get("/quotes")
def api_quotes():
    response = search_quotes(_snapshot(), request_from_args(request.args, current_app.config["SEARCHSVC"]))
    return _json(response.to_json())


@api.get("/speakers")
def api_speakers():
    limits = current_app.config["SEARCHSVC"].limits()
    return _json(list_speakers(_snapshot(), **speakers_from_args(request.args), limits=limits).to_json())


@api.get("/speakers/<path:name>")
def api_speaker(name: str):
    return _json(speaker_page(_snapshot(), name).to_json())


@api.get("/documents/<doc_id>")
def api_document(doc_id: str):
    return _json(get_document(_snapshot(), doc_id))


@api.get("/documents/<doc_id>/similar")
def api_similar(doc_id: str):
    results = similar(_snapshot(), doc_id, SIMILAR_LIMIT)
    return _json({"id": doc_id, "results": [r.to_json() for r in results]})


@api.get("/health")
def api_health():
    return _json({"status": "ok", **current_app.extensions["searchsvc"].info()})


@api.get("/openapi.json")
def api_openapi():
    return jsonify(openapi_document(current_app.config["SEARCHSVC"]))


@pages.get("/")
def page_search():
    query = request.args.get("q", "")
    if not query.strip():
        return render_template("search.html", query=query, response=None, error=None, args=request.args)
    try:
        response = search(_snapshot(), request_from_args(request.args, current_app.config["SEARCHSVC"]))
    except (QueryError, IndexNotFound) as exc:  # shown on the page, not as JSON
        return render_template("search.html", query=query, response=None, error=str(exc), args=request.args), 400
    return render_template("search.html", query=query, response=response, error=None, args=request.args)


@pages.get("/similar/<doc_id>")
def page_similar(doc_id: str):
    try:
        document = get_document(_snapshot(), doc_id)
    except DocumentNotFound as exc:  # a page, not JSON
        return render_template("similar.html", document=None, results=[], error=str(exc)), 404
    results = similar(_snapshot(), doc_id, SIMILAR_LIMIT)
    return render_template("similar.html", document=document, results=results, error=None)


def _error(status: int, code: str, message: str, **extra: Any):
    return _json({"error": {"code": code, "message": message, **extra}}, status)


def _query_error(exc: QueryError):
    extra = {"limit": exc.limit} if isinstance(exc, LimitExceeded) else {}
    return _error(400, exc.code, str(exc), **extra)


def _http_error(exc: HTTPException):
    code = (exc.name or "error").lower().replace(" ", "_")
    return _error(exc.code or 500, code, exc.description or exc.name)
