"""The OpenAPI document is valid, and the API fuzzed against it answers as it says: no 5xx, schema-conformant."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate

from searchsvc.web.app import create_app

with warnings.catch_warnings():  # schemathesis 3 imports names that jsonschema has deprecated
    warnings.simplefilter("ignore", DeprecationWarning)
    import schemathesis
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
EXAMPLES = {
    "search": 150,
    "document": 25,
    "similar": 25,
    "health": 3,
    "openapi": 2,
    "timeline": 100,
    "export": 60,
    "batch": 60,
    "feed": 40,
    "quotes": 80,
    "speakers": 40,
    "speaker": 25,
}


@pytest.fixture(scope="module")
def fuzzed_app(news_index):
    return create_app({"index_dir": news_index})


def test_openapi_document_is_valid(fuzzed_app):
    document = fuzzed_app.test_client().get("/api/openapi.json").get_json()
    validate(document)
    assert set(document["paths"]) == {
        "/api/search",
        "/api/documents/{doc_id}",
        "/api/documents/{doc_id}/similar",
        "/api/health",
        "/api/openapi.json",
        "/api/timeline",
        "/api/export",
        "/api/batch",
        "/feeds/search.atom",
        "/api/quotes",
        "/api/speakers",
        "/api/speakers/{name}",
    }
    rules = {
        rule.rule.replace("<doc_id>", "{doc_id}").replace("<path:name>", "{name}")
        for rule in fuzzed_app.url_map.iter_rules()
    }
    assert set(document["paths"]) <= rules


def test_real_answers_match_the_schema(fuzzed_app):
    """Known-good requests (that random ones rarely hit) conform too: results, facets, a suggestion."""
    schema = _schema(fuzzed_app)
    operation = schema["/api/search"]["GET"]
    for query in ({"q": "nato", "per_page": 2}, {"q": "stoltenbreg"}, {"q": "lang:en", "sort": "-date"}):
        case = operation.make_case(query=query)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            response = case.call_wsgi()
            case.validate_response(response, checks=CHECKS)
        assert response.status_code == 200
    for query in ({"q": "nato", "interval": "week", "by": "source"}, {"q": "lang:en", "by": "speaker"}):
        _check(schema["/api/timeline"]["GET"].make_case(query=query))
    for query in ({"q": "nato", "format": "jsonl"}, {"q": "nato", "sort": "-date", "bom": "true"}):
        _check(schema["/api/export"]["GET"].make_case(query=query))
    _check(schema["/feeds/search.atom"]["GET"].make_case(query={"q": "nato"}))
    batch = schema["/api/batch"]["POST"]
    _check(batch.make_case(body={"queries": ["nato", "grain"], "per_page": 2}, media_type="application/json"))
    _check(batch.make_case(body={"queries": ["nato"]}, query={"format": "csv"}, media_type="application/json"))
    _check(schema["/api/quotes"]["GET"].make_case(query={"q": "nato"}))
    _check(schema["/api/quotes"]["GET"].make_case(query={"speaker": "Stoltenberg"}))
    _check(schema["/api/speakers"]["GET"].make_case(query={"q": "Stol"}))
    _check(schema["/api/speakers/{name}"]["GET"].make_case(path_parameters={"name": "Jens Stoltenberg"}))
    for path, doc_id in (("/api/documents/{doc_id}", "drones-kyiv"), ("/api/documents/{doc_id}/similar", "apples")):
        case = schema[path]["GET"].make_case(path_parameters={"doc_id": doc_id})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            case.validate_response(case.call_wsgi(), checks=CHECKS)


@pytest.mark.parametrize("operation_id", sorted(EXAMPLES))
def test_fuzz_the_api_against_its_schema(fuzzed_app, operation_id):
    schema = _schema(fuzzed_app)
    operations = (result.ok() for result in schema.get_all_operations())
    operation = next(op for op in operations if op.definition.raw["operationId"] == operation_id)

    @settings(
        max_examples=EXAMPLES[operation_id],
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            response = case.call_wsgi()
            case.validate_response(response, checks=CHECKS)

    check()


def _check(case) -> None:
    """Call a known-good case and check its answer against the schema; it must succeed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        response = case.call_wsgi()
        case.validate_response(response, checks=CHECKS)
    assert response.status_code == 200, response.get_data(as_text=True)


def _schema(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return schemathesis.from_wsgi("/api/openapi.json", app)
