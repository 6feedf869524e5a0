"""The OpenAPI description of ``/api/timeline``, ``/api/export``, ``/api/batch`` and the Atom feed,
merged into ``openapi.openapi_document``."""

from __future__ import annotations

from typing import Any

from searchsvc.config import Settings

from .openapi import _TOOK, _json, _object, _param, _ref, _search_parameters

_INTERVAL = {"type": "string", "enum": ["auto", "day", "week", "month", "year"]}
_COUNT = {"type": "integer", "minimum": 0}
_SHARE = {"type": "number", "minimum": 0, "maximum": 1}
_DATE = {"type": "string", "format": "date"}


def analysis_schemas() -> dict[str, Any]:
    """The response bodies of the timeline and the batch."""
    return {
        "TimelineResponse": _object(
            ["query", "interval", "by", "total", "buckets", "series", "undated", "timed_out", "took_ms"],
            query={"type": "string"},
            interval={"type": "string", "enum": ["day", "week", "month", "year"]},
            by={"type": "string", "enum": ["lang", "source", "speaker"], "nullable": True},
            total=_COUNT,
            buckets={
                "type": "array",
                "items": _object(
                    ["start", "count", "total", "share"], start=_DATE, count=_COUNT, total=_COUNT, share=_SHARE
                ),
            },
            series={
                "type": "object",
                "description": "Per value of `by` (the 10 largest, then `other`).",
                "additionalProperties": {
                    "type": "array",
                    "items": _object(["start", "count", "share"], start=_DATE, count=_COUNT, share=_SHARE),
                },
            },
            undated=_COUNT,
            timed_out={"type": "boolean"},
            took_ms=_TOOK,
        ),
        "BatchResponse": _object(
            ["interval", "starts", "results", "took_ms"],
            interval={"type": "string"},
            starts={"type": "array", "items": _DATE},
            results={
                "type": "array",
                "items": _object(
                    ["query", "total", "hits", "timeline", "undated", "timed_out"],
                    query={"type": "string"},
                    total=_COUNT,
                    hits={"type": "array", "items": _ref("Result")},
                    timeline={"type": "array", "items": _object(["start", "count"], start=_DATE, count=_COUNT)},
                    undated=_COUNT,
                    timed_out={"type": "boolean"},
                ),
            },
            took_ms=_TOOK,
        ),
    }


def _filters(settings: Settings) -> list[dict[str, Any]]:
    """``/api/search``'s parameters but paging and order (which the feed, the timeline and the batch set)."""
    return [p for p in _search_parameters(settings) if p["name"] not in ("page", "per_page", "sort")]


def _batch_body(settings: Settings) -> dict[str, Any]:
    queries = {
        "type": "array",
        "minItems": 1,
        "maxItems": settings.max_batch_queries,
        "items": {"type": "string", "minLength": 1, "maxLength": settings.max_query_length, "pattern": r"\S"},
    }
    options = dict(
        lang={"type": "array", "items": {"type": "string"}, "maxItems": 20},
        source={"type": "array", "items": {"type": "string"}, "maxItems": 20},
        speaker={"type": "array", "items": {"type": "string"}, "maxItems": 20},
        **{"from": _DATE, "to": _DATE},
        per_page={"type": "integer", "minimum": 1, "maximum": settings.max_per_page},
        interval=_INTERVAL,
        collapse={"type": "boolean"},
    )
    form = {
        **options,
        "queries": {"type": "string", "description": "One query per line."},
        "file": {"type": "string", "format": "binary", "description": "A UTF-8 text file, one query per line."},
    }
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {**_object(["queries"], queries=queries, **options), "additionalProperties": False}
            },
            "multipart/form-data": {"schema": {"type": "object", "properties": form}},
        },
    }


def analysis_paths(settings: Settings, errors: dict[str, Any]) -> dict[str, Any]:
    """The paths, with ``errors`` (400 and 503 answers) added to each."""
    stream = {
        "description": "Every match, streamed.",
        "content": {"text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}}},
    }
    return {
        "/api/timeline": {
            "get": {
                "operationId": "timeline",
                "summary": "Matches per day, week, month or year, beside the volume.",
                "parameters": [
                    *_filters(settings),
                    _param("interval", "Length of a bucket (auto: the finest with at most 100).", _INTERVAL),
                    _param(
                        "by", "Split the counts by this.", {"type": "string", "enum": ["lang", "source", "speaker"]}
                    ),
                ],
                "responses": {"200": _json("The timeline.", "TimelineResponse"), **errors},
            }
        },
        "/api/export": {
            "get": {
                "operationId": "export",
                "summary": "Every matching article as CSV or JSON lines.",
                "parameters": [
                    *_filters(settings),
                    _param("sort", "Order of rows.", {"type": "string", "enum": ["relevance", "date", "-date"]}),
                    _param("format", "File format.", {"type": "string", "enum": ["csv", "jsonl"]}),
                    _param("bom", "Start a CSV file with a byte order mark.", {"type": "boolean"}),
                    _param(
                        "limit",
                        "Only the first N in order.",
                        {"type": "integer", "minimum": 1, "maximum": settings.max_export_rows},
                    ),
                ],
                "responses": {"200": stream, **errors},
            }
        },
        "/api/batch": {
            "post": {
                "operationId": "batch",
                "summary": "Many queries: each one's total, top hits and counts per period.",
                "parameters": [
                    _param("format", "csv for the table as CSV.", {"type": "string", "enum": ["json", "csv"]})
                ],
                "requestBody": _batch_body(settings),
                "responses": {
                    "200": {
                        "description": "One row per query (with format=csv, the table as CSV).",
                        "content": {
                            "application/json": {"schema": _ref("BatchResponse")},
                            "text/csv": {"schema": {"type": "string"}},
                        },
                    },
                    "413": _json("The upload is larger than its queries may be.", "Error"),
                    **errors,
                },
            }
        },
        "/feeds/search.atom": {
            "get": {
                "operationId": "feed",
                "summary": "An Atom 1.0 feed of the 50 newest matches.",
                "parameters": _filters(settings),
                "responses": {
                    "200": {
                        "description": "The feed.",
                        "content": {"application/atom+xml": {"schema": {"type": "string"}}},
                    },
                    **errors,
                },
            }
        },
    }
