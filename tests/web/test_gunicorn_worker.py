"""The gunicorn worker's own error answers: which status and error each refusal gets, and the bytes
sent (tests/test_hostile.py checks them through a real gunicorn)."""

from __future__ import annotations

import json
import socket
from unittest import mock

import pytest
from gunicorn.config import Config
from gunicorn.http import errors

from searchsvc.web.gunicorn_worker import JsonErrorWorker, refusal


@pytest.fixture()
def cfg() -> Config:
    config = Config()
    config.set("limit_request_line", 8190)
    config.set("limit_request_fields", 50)
    config.set("limit_request_field_size", 8190)
    return config


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (errors.LimitRequestLine(100_000, 8190), 414, "limit_exceeded"),
        (errors.LimitRequestHeaders("limit request headers fields"), 431, "limit_exceeded"),
        (errors.InvalidRequestLine("NOT A REQUEST"), 400, "bad_request"),
        (errors.InvalidHTTPVersion((9, 9)), 400, "bad_request"),
        (errors.InvalidHeaderName("Bad Header"), 400, "bad_request"),
        (errors.UnsupportedTransferCoding("gzip"), 501, "not_implemented"),
        (errors.ExpectationFailed("200-ok"), 417, "expectation_failed"),
        (errors.ForbiddenProxyRequest("10.0.0.1"), 403, "forbidden"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_each_refusal_gets_gunicorns_status_and_the_apps_error_code(cfg, exc, status, code):
    got_status, error = refusal(exc, cfg)
    assert (got_status, error["code"]) == (status, code) and error["message"]


def test_the_app_s_own_faults_are_not_refusals(cfg):
    assert refusal(errors.InvalidResponseHeader("X-Bad"), cfg) is None
    assert refusal(RuntimeError("boom"), cfg) is None


def answer_of(exc: BaseException) -> tuple[bytes, dict, mock.Mock]:
    """What the worker sends for ``exc``: the head and the JSON body; and its log."""
    worker = JsonErrorWorker.__new__(JsonErrorWorker)  # no arbiter, sockets or app: only handle_error runs
    worker.cfg, worker.log = Config(), mock.Mock()
    ours, theirs = socket.socketpair()
    with ours, theirs:
        worker.handle_error(None, ours, ("127.0.0.1", 5000), exc)
        ours.close()
        reply = b"".join(iter(lambda: theirs.recv(65536), b""))
    head, _, body = reply.partition(b"\r\n\r\n")
    assert f"Content-Length: {len(body)}".encode() in head
    return head, json.loads(body), worker.log


def test_a_refusal_is_sent_as_json():
    head, body, log = answer_of(errors.LimitRequestLine(100_000, 4094))
    assert log.warning.called and not log.exception.called
    assert head.startswith(b"HTTP/1.1 414 ") and b"Content-Type: application/json" in head
    assert body["took_ms"] >= 0 and body["error"] == {
        "code": "limit_exceeded",
        "message": "the request line is longer than 4094 bytes (limit_request_line)",  # gunicorn's default
        "limit": "limit_request_line",
    }


def test_anything_else_is_a_json_500_and_logged():
    head, body, log = answer_of(RuntimeError("boom"))
    assert log.exception.called
    assert head.startswith(b"HTTP/1.1 500 ") and b"Content-Type: application/json" in head
    assert body["error"]["code"] == "internal_server_error" and "boom" not in body["error"]["message"]
