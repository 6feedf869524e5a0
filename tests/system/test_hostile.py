"""Hostile input: every request is a 4xx JSON error naming the problem or a normal answer, never a 500."""

from __future__ import annotations

import json
import time

import pytest
import requests

from searchsvc.web.app import create_app

TIME_BOUND = 5.0  # seconds: the search timeout (1 s) plus generous room for a loaded CI machine


@pytest.fixture(scope="module")
def hostile(news_index):
    return create_app({"index_dir": news_index}).test_client()


def get(client, url: str):
    started = time.monotonic()
    response = client.get(url)
    assert time.monotonic() - started < TIME_BOUND, url[:80]
    assert response.status_code < 500, (url[:80], response.get_data(as_text=True)[:300])
    assert response.is_json
    return response


@pytest.mark.parametrize(
    ("url", "status", "limit"),
    [
        ("/api/search?q=" + "x" * 100_000, 400, "max_query_length"),
        ("/api/search?q=" + "nato%20" * 10_000, 400, "max_query_length"),
        ("/api/search?q=" + "(" * 5000 + "nato" + ")" * 5000, 400, "max_query_length"),
        ("/api/search?q=nato&page=1000000000", 400, "max_result_window"),
        ("/api/search?q=nato&page=99999999999999999999999", 400, None),
        ("/api/search?q=nato&per_page=-1", 400, "max_per_page"),
        ("/api/search?q=nato&per_page=0", 400, "max_per_page"),
        ("/api/search?q=na%00to", 400, None),
        ("/api/search?q=*", 200, None),
        ("/api/search?q=a*", 200, None),
        ("/api/search?q=%2A%3A%2A", 200, None),
        ("/api/search?q=%FF%FE%FDnato", 200, None),
        ("/api/search?q=nato%C3", 200, None),
        ("/api/search?q=nato&colour=red&q2=x&page[]=1", 200, None),
        ("/api/search?q=nato&lang=" + "&lang=".join(["xx"] * 21), 400, None),
        ("/api/search?q=nato&from=2023-02-30", 400, None),
        ("/api/search?q=nato&from=99999-01-01", 400, None),
        ("/api/search?q=%22%22%22", 200, None),
        ("/api/search?q=title:", 200, None),
        ("/api/search?q=-", 200, None),
        ("/api/search?q=-nato", 200, None),
        ("/api/search?q=NOT", 200, None),
        ("/api/search?q=OR%20OR%20AND", 200, None),
        ("/api/search?q=nato^99999999999", 200, None),
        ("/api/search?q=[a%20TO%20z]", 200, None),
        ("/api/documents/%00", 404, None),
        ("/api/documents/" + "x" * 5000, 404, None),
        ("/api/documents/%FF/similar", 404, None),
    ],
    ids=lambda value: str(value)[:48],
)
def test_hostile_requests(hostile, url, status, limit):
    response = get(hostile, url)
    assert response.status_code == status, response.get_json()
    if status == 400:
        error = response.get_json()["error"]
        assert error["message"]
        if limit:
            assert error["code"] == "limit_exceeded" and error["limit"] == limit


def test_terms_and_depth_bounds_with_a_long_query_allowed(news_index):
    client = create_app({"index_dir": news_index, "max_query_length": 200_000}).test_client()
    many = get(client, "/api/search?q=" + "nato%20" * 10_000)
    assert many.status_code == 400 and many.get_json()["error"]["limit"] == "max_terms"
    deep = get(client, "/api/search?q=" + "(" * 5000 + "nato" + ")" * 5000)
    assert deep.status_code == 200 and deep.get_json()["total"] == 4  # read as the plain word (НАТО in ru-nato)
    words = get(client, "/api/search?q=" + "%20".join(["nato"] * 150))
    assert words.status_code == 200 and words.get_json()["total"] == 4


def test_prefix_expansion_is_bounded(news_index):
    client = create_app({"index_dir": news_index, "max_prefix_terms": 5}).test_client()
    wide = get(client, "/api/search?q=a*")
    assert wide.status_code == 400 and wide.get_json()["error"]["limit"] == "max_prefix_terms"
    narrow = get(client, "/api/search?q=appl*")
    assert narrow.status_code == 200 and narrow.get_json()["total"] == 1


def test_a_search_out_of_time_returns_what_it_has_flagged(news_index):
    client = create_app({"index_dir": news_index, "search_timeout": 0.0}).test_client()
    body = get(client, "/api/search?q=nato").get_json()
    assert (body["timed_out"], body["total"], body["results"]) == (True, 0, [])  # no time to find any
    normal = get(create_app({"index_dir": news_index}).test_client(), "/api/search?q=nato").get_json()
    assert normal["timed_out"] is False and normal["total"] == 4
    phrase = get(client, '/api/search?q="allies meet"').get_json()  # phrases are under the deadline too
    assert phrase["timed_out"] is True and phrase["total"] == 0
    absent = get(client, '/api/search?q="nato summit"').get_json()  # no document has both words: no work to cut
    assert absent["timed_out"] is False and absent["total"] == 0
    filters_only = get(client, "/api/search?q=lang:ru").get_json()  # every document: nothing to cut
    assert filters_only["timed_out"] is False and filters_only["total"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/search?q=" + "x" * 100_000,
        "/api/search?q=%FF%FE",
        "/api/search?q=na%00to",
        "/api/search?q=nato&page=1000000000",
        "/api/search?q=nato&per_page=-1",
        "/?q=" + "x" * 100_000,
        "/?q=%3Cscript%3E",
    ],
    ids=lambda value: str(value)[:48],
)
def test_hostile_requests_through_gunicorn(server, path):
    started = time.monotonic()
    response = requests.get(server + path, timeout=TIME_BOUND)
    assert time.monotonic() - started < TIME_BOUND
    assert 200 <= response.status_code < 500
    if len(path) > 10_000:  # refused by gunicorn's request-line limit, in the app's error format
        assert response.status_code == 414
        assert response.headers["Content-Type"] == "application/json"
        body = response.json()
        assert body.pop("took_ms") >= 0
        assert body == {
            "error": {
                "code": "limit_exceeded",
                "message": "the request line is longer than 8190 bytes (limit_request_line)",
                "limit": "limit_request_line",
            }
        }


@pytest.mark.parametrize(
    ("headers", "limit", "message"),
    [
        (
            {f"X-Filler-{i}": "a" for i in range(60)},
            "limit_request_fields",
            "the request has more than 50 header fields (limit_request_fields)",
        ),
        (
            {"X-Big": "a" * 10_000},
            "limit_request_field_size",
            "a request header field is longer than 8190 bytes (limit_request_field_size)",
        ),
        (
            {"X-Huge": "a" * 600_000},
            "limit_request_field_size",
            "a request header field is longer than 8190 bytes (limit_request_field_size)",
        ),  # over gunicorn's whole header buffer (fields x field size), refused before parsing fields
    ],
    ids=["fields", "field-size", "header-buffer"],
)
def test_header_limits_through_gunicorn_are_json(server, headers, limit, message):
    response = requests.get(server + "/api/search?q=nato", headers=headers, timeout=TIME_BOUND)
    assert response.status_code == 431 and response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body.pop("took_ms") >= 0
    assert body == {"error": {"code": "limit_exceeded", "message": message, "limit": limit}}


def raw_request(server: str, head: bytes) -> tuple[int, dict[bytes, bytes], bytes]:
    """Send ``head`` as it is; the reply's status, headers (lower-case names) and body."""
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(server)
    with socket.create_connection((address.hostname, address.port), timeout=TIME_BOUND) as sock:
        sock.sendall(head)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    top, _, body = reply.partition(b"\r\n\r\n")
    status_line, *lines = top.split(b"\r\n")
    fields = dict(line.split(b": ", 1) for line in lines)
    return int(status_line.split(b" ", 2)[1]), {name.lower(): value for name, value in fields.items()}, body


@pytest.mark.parametrize(
    "request_line",
    [b"GET /api/search?q=\xff\xfe\xfdnato HTTP/1.1", b"GET /api/search?q=na\x00to HTTP/1.1", b"GET /?q=\xc3 HTTP/1.1"],
)
def test_raw_invalid_bytes_through_gunicorn(server, request_line):
    """Bytes no client library would send: gunicorn refuses them or the app answers, never a 5xx;
    gunicorn's refusal is a JSON error like the app's."""
    status, fields, body = raw_request(server, request_line + b"\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert 200 <= status < 500, body[:300]
    if status >= 400:  # gunicorn 27 refuses all three (400), before the app
        assert fields[b"content-type"] == b"application/json"
        assert json.loads(body)["error"]["code"] == "bad_request"


def test_malformed_request_line_through_gunicorn_is_json(server):
    status, fields, body = raw_request(server, b"NOT A REQUEST\r\n\r\n")
    assert status == 400 and fields[b"content-type"] == b"application/json", body[:300]
    answer = json.loads(body)
    assert answer["took_ms"] >= 0 and answer["error"]["code"] == "bad_request" and answer["error"]["message"]


def test_cli_search_honours_the_configured_limits(runner, sample_index):
    from searchsvc.cli import main

    command = ["search", "nato drones kyiv", "--index", str(sample_index)]
    result = runner.invoke(main, command, env={"SEARCHSVC_MAX_TERMS": "2"})
    assert result.exit_code == 1 and "max_terms" in result.output
