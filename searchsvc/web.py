"""The Flask application: a JSON API under ``/api`` and a server-rendered search page at ``/``.

Views are thin: read arguments, call ``search.search``, render. Errors are turned into JSON
``{"error": {"code", "message"}}`` in one place, with a 4xx status, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from .config import Settings
from .indexer import IndexHandle, IndexNotFound
from .schema import Boosts
from .search import DocumentNotFound, QueryError, SearchRequest, get_document, search, validate

log = logging.getLogger(__name__)
api = Blueprint("api", __name__, url_prefix="/api")
pages = Blueprint("pages", __name__)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then ``SEARCHSVC_*`` environment variables, then ``config``."""
    app = Flask(__name__)
    settings = Settings.load(config)
    app.config["SEARCHSVC"] = settings
    app.extensions["searchsvc"] = IndexHandle(settings.index_dir)
    app.register_blueprint(api)
    app.register_blueprint(pages)
    app.register_error_handler(QueryError, lambda e: _error(400, "bad_request", str(e)))
    app.register_error_handler(DocumentNotFound, lambda e: _error(404, "not_found", str(e)))
    app.register_error_handler(IndexNotFound, lambda e: _error(503, "index_unavailable", str(e)))
    app.register_error_handler(HTTPException, _http_error)
    return app


def _settings() -> Settings:
    return current_app.config["SEARCHSVC"]


def _index():
    return current_app.extensions["searchsvc"].get()


def _search_request() -> SearchRequest:
    """Build and validate a ``SearchRequest`` from the query string."""
    settings = _settings()
    boosts = Boosts.from_settings(settings)
    candidate = SearchRequest(
        q=request.args.get("q", ""),
        page=_int_arg("page", 1),
        per_page=_int_arg("per_page", 10),
        boosts=boosts,
        collapse=_bool_arg("collapse", True),
    )
    return validate(candidate, settings.max_query_length, settings.max_per_page)


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise QueryError(f"'{name}' must be a whole number, got {raw[:40]!r}") from None


def _bool_arg(name: str, default: bool) -> bool:
    raw = request.args.get(name, "").strip().lower()
    if raw in ("", "1", "true", "yes"):
        return default if raw == "" else True
    if raw in ("0", "false", "no"):
        return False
    raise QueryError(f"'{name}' must be true or false, got {raw[:40]!r}")


@api.get("/search")
def api_search():
    return jsonify(search(_index(), _search_request()).to_json())


@api.get("/documents/<doc_id>")
def api_document(doc_id: str):
    return jsonify(get_document(_index(), doc_id))


@api.get("/health")
def api_health():
    info = current_app.extensions["searchsvc"].info()
    return jsonify({"status": "ok", **info})


@pages.get("/")
def page_search():
    query = request.args.get("q", "")
    if not query.strip():
        return render_template("search.html", query=query, response=None, error=None)
    try:
        response = search(_index(), _search_request())
    except (QueryError, IndexNotFound) as exc:  # shown on the page, not as JSON
        return render_template("search.html", query=query, response=None, error=str(exc)), 400
    return render_template("search.html", query=query, response=response, error=None)


def _error(status: int, code: str, message: str):
    return jsonify({"error": {"code": code, "message": message}}), status


def _http_error(exc: HTTPException):
    code = (exc.name or "error").lower().replace(" ", "_")
    return _error(exc.code or 500, code, exc.description or exc.name)
