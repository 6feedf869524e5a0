"""The OpenAPI 3 description of the JSON API, served at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Any

from searchsvc import __version__
from searchsvc.config import Settings

_STRING_OR_NULL = {"type": "string", "nullable": True}
_TOOK = {"type": "number", "minimum": 0, "description": "Time the server spent on the request, in milliseconds."}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
_SPANS = {
    "type": "array",
    "items": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _object(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _param(name: str, description: str, schema: dict[str, Any], repeat: bool = False, **extra: Any) -> dict[str, Any]:
    if repeat:
        schema = {"type": "array", "items": schema, "maxItems": 20}
    return {"name": name, "in": "query", "description": description, "schema": schema, "explode": True, **extra}


def _schemas() -> dict[str, Any]:
    result_fields = dict(
        id={"type": "string"},
        title={"type": "string"},
        url=_STRING_OR_NULL,
        source=_STRING_OR_NULL,
        author=_STRING_OR_NULL,
        published={**_STRING_OR_NULL, "format": "date"},
        lang={"type": "string"},
        speakers={"type": "array", "items": {"type": "string"}},
    )
    return {
        "Error": _object(
            ["error", "took_ms"],
            took_ms=_TOOK,
            error=_object(
                ["code", "message"],
                code={"type": "string"},
                message={"type": "string"},
                limit={"type": "string", "description": "The bound that was exceeded (a setting's name)."},
            ),
        ),
        "Result": _object(
            [*result_fields, "score", "snippet", "title_html", "matches", "group_size"],
            **result_fields,
            score={"type": "number", "nullable": True, "description": "BM25F score; null when sorted by date."},
            snippet={"type": "string", "description": "Best body fragment, HTML-escaped, matches in <mark>."},
            title_html={"type": "string", "description": "The title, HTML-escaped, matches in <mark>."},
            matches=_object(["title", "body"], title=_SPANS, body=_SPANS),
            group_size={
                "type": "integer",
                "minimum": 1,
                "description": "Documents in its near-duplicate group (copies of one story), itself included.",
            },
        ),
        "SearchResponse": _object(
            ["query", "total", "page", "per_page", "results", "facets", "suggestion", "sort", "timed_out", "took_ms"],
            query={"type": "string"},
            total={"type": "integer", "minimum": 0},
            page={"type": "integer", "minimum": 1},
            per_page={"type": "integer", "minimum": 1},
            results={"type": "array", "items": _ref("Result")},
            facets=_object(
                ["lang", "source", "speaker", "year"], lang=_COUNTS, source=_COUNTS, speaker=_COUNTS, year=_COUNTS
            ),
            suggestion=_STRING_OR_NULL,
            sort={"type": "string", "enum": ["relevance", "date", "-date"]},
            timed_out={"type": "boolean"},
            took_ms=_TOOK,
        ),
        "Document": _object(
            [*result_fields, "body", "title_derived", "took_ms"],
            **result_fields,
            body={"type": "string"},
            title_derived={"type": "boolean"},
            took_ms=_TOOK,
        ),
        "Similar": _object(
            ["id", "results", "took_ms"],
            id={"type": "string"},
            results={"type": "array", "items": _ref("Result")},
            took_ms=_TOOK,
        ),
        "Health": _object(
            ["status", "documents", "generation", "built_at", "took_ms"],
            status={"type": "string", "enum": ["ok"]},
            documents={"type": "integer", "minimum": 0},
            generation={"type": "string"},
            built_at={**_STRING_OR_NULL, "format": "date-time"},
            took_ms=_TOOK,
        ),
    }


def _search_parameters(settings: Settings) -> list[dict[str, Any]]:
    return [
        _param(
            "q",
            'The query: words, "phrases", -excluded, OR, prefix*, title:, speaker:, source:, lang:.',
            {"type": "string", "minLength": 1, "maxLength": settings.max_query_length},
            required=True,
        ),
        _param("lang", "Only documents in this language (ISO code).", {"type": "string"}, repeat=True),
        _param("source", "Only documents from this source.", {"type": "string"}, repeat=True),
        _param("speaker", "Only documents quoting this person.", {"type": "string"}, repeat=True),
        _param("from", "Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).", {"type": "string", "format": "date"}),
        _param("to", "Published on or before (YYYY, YYYY-MM or YYYY-MM-DD).", {"type": "string", "format": "date"}),
        _param("sort", "Order of results.", {"type": "string", "enum": ["relevance", "date", "-date"]}),
        _param("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
        _param("per_page", "Results per page.", {"type": "integer", "minimum": 1, "maximum": settings.max_per_page}),
        _param(
            "collapse",
            "One result per near-duplicate group (default true); false shows every copy.",
            {"type": "boolean"},
        ),
    ]


def openapi_document(settings: Settings) -> dict[str, Any]:
    """The OpenAPI 3.0 document of every ``/api`` endpoint, with the configured bounds."""
    doc_id = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "string"}}
    errors = {
        "400": _json("A bad request, or over a limit.", "Error"),
        "503": _json("No index has been built yet.", "Error"),
    }
    missing = {"404": _json("No document has this id.", "Error"), "503": errors["503"]}
    from .openapi_analysis import analysis_paths, analysis_schemas  # built on this module's helpers

    return {
        "openapi": "3.0.3",
        "info": {"title": "searchsvc", "version": __version__, "description": "Full-text search over news articles."},
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Ranked search with filters, facets and a suggestion.",
                    "parameters": _search_parameters(settings),
                    "responses": {"200": _json("A page of results.", "SearchResponse"), **errors},
                }
            },
            "/api/documents/{doc_id}": {
                "get": {
                    "operationId": "document",
                    "summary": "A whole cleaned article and its metadata.",
                    "parameters": [doc_id],
                    "responses": {"200": _json("The article.", "Document"), **missing},
                }
            },
            "/api/documents/{doc_id}/similar": {
                "get": {
                    "operationId": "similar",
                    "summary": "Articles most like this one.",
                    "parameters": [doc_id],
                    "responses": {"200": _json("Similar articles, best first.", "Similar"), **missing},
                }
            },
            "/api/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Status, document count and index generation.",
                    "responses": {"200": _json("The index in service.", "Health"), "503": errors["503"]},
                }
            },
            "/api/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document.",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            **analysis_paths(settings, errors),
            **_speech_paths(settings, errors),
        },
        "components": {"schemas": {**_schemas(), **analysis_schemas(), **_speech_schemas()}},
    }


def _speech_schemas() -> dict[str, Any]:
    """Quotes and speakers (``search.quotes``, ``search.speakers``)."""
    article = _object(
        ["id", "title", "url", "source", "published", "lang"],
        id={"type": "string"},
        title={"type": "string"},
        url=_STRING_OR_NULL,
        source=_STRING_OR_NULL,
        published={**_STRING_OR_NULL, "format": "date"},
        lang={"type": "string"},
    )
    span = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}
    quote = _object(
        ["speaker", "text", "text_html", "article", "span"],
        speaker={"type": "string"},
        text={"type": "string"},
        text_html={"type": "string"},
        article=article,
        span=span,
    )
    speaker_fields = dict(
        name={"type": "string"},
        variants={"type": "array", "items": {"type": "string"}},
        articles={"type": "integer", "minimum": 0},
        quotes={"type": "integer", "minimum": 0},
        first_seen={**_STRING_OR_NULL, "format": "date"},
        last_seen={**_STRING_OR_NULL, "format": "date"},
    )
    return {
        "Quote": quote,
        "QuotesResponse": _object(
            ["query", "total", "page", "per_page", "results", "facets", "timed_out", "took_ms"],
            query={"type": "string"},
            total={"type": "integer", "minimum": 0},
            page={"type": "integer", "minimum": 1},
            per_page={"type": "integer", "minimum": 1},
            results={"type": "array", "items": _ref("Quote")},
            facets=_object(["speaker", "lang", "year"], speaker=_COUNTS, lang=_COUNTS, year=_COUNTS),
            timed_out={"type": "boolean"},
            took_ms=_TOOK,
        ),
        "Speaker": _object(list(speaker_fields), **speaker_fields),
        "SpeakersResponse": _object(
            ["total", "page", "per_page", "results", "took_ms"],
            total={"type": "integer", "minimum": 0},
            page={"type": "integer", "minimum": 1},
            per_page={"type": "integer", "minimum": 1},
            results={"type": "array", "items": _ref("Speaker")},
            took_ms=_TOOK,
        ),
        "SpeakerPage": _object(
            [*speaker_fields, "years", "latest_quotes", "took_ms"],
            **speaker_fields,
            years=_COUNTS,
            latest_quotes={"type": "array", "items": _ref("Quote")},
            took_ms=_TOOK,
        ),
    }


def _speech_paths(settings: Settings, errors: dict[str, Any]) -> dict[str, Any]:
    """``/api/quotes``, ``/api/speakers`` and ``/api/speakers/{name}``."""
    quote_parameters = [
        {**p, "required": False, "schema": {**p["schema"], "minLength": 0}} if p["name"] == "q" else p
        for p in _search_parameters(settings)
        if p["name"] not in ("sort", "collapse")
    ]
    quote_parameters[0]["description"] = "The query, as for /api/search; may be empty when speaker is given."
    pages = [p for p in _search_parameters(settings) if p["name"] in ("page", "per_page")]
    name = {"name": "name", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
    return {
        "/api/quotes": {
            "get": {
                "operationId": "quotes",
                "summary": "Search what people said: quotes with their speaker, article and span.",
                "parameters": quote_parameters,
                "responses": {"200": _json("A page of quotes.", "QuotesResponse"), **errors},
            }
        },
        "/api/speakers": {
            "get": {
                "operationId": "speakers",
                "summary": "The people who speak, most-quoted first; q is a name or prefix in any script.",
                "parameters": [
                    _param("q", "A name or the start of one, any script.", {"type": "string"}),
                    _param("lang", "Only articles in this language (ISO code).", {"type": "string"}, repeat=True),
                    *pages,
                ],
                "responses": {"200": _json("A page of people.", "SpeakersResponse"), **errors},
            }
        },
        "/api/speakers/{name}": {
            "get": {
                "operationId": "speaker",
                "summary": "One person: spellings, articles per year and latest quotes.",
                "parameters": [name],
                "responses": {
                    "200": _json("The person.", "SpeakerPage"),
                    "404": _json("No speaker has this name.", "Error"),
                    "503": errors["503"],
                },
            }
        },
    }
