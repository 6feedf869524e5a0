"""gunicorn's sync worker, answering what gunicorn itself refuses in the app's JSON error format.

A request gunicorn cannot or will not parse (a request line over ``limit_request_line``, too many
or too long header fields, a malformed line) never reaches the app, and gunicorn answers it with a
page of HTML. ``JsonErrorWorker`` answers it as the app answers its own errors::

    {"error": {"code": "limit_exceeded", "message": ..., "limit": "limit_request_line"}, "took_ms": ...}

with 414 for the request line, 431 for the header fields (``limit_request_fields``,
``limit_request_field_size``) and gunicorn's own status, mostly 400 with code ``bad_request``, for
the rest. ``gunicorn.conf.py`` selects it (``worker_class``). Its name does not end in
``SyncWorker``, which gunicorn would swap for its threaded worker if ``threads`` were over 1.
"""

from __future__ import annotations

import json
import ssl
import time
from datetime import timedelta
from http import HTTPStatus

from gunicorn import util
from gunicorn.http import errors
from gunicorn.http.wsgi import Response, default_environ
from gunicorn.workers.sync import SyncWorker

# The application's own faults (a bad header it tried to send): a 500, as gunicorn answers them.
_APP_FAULTS = tuple(
    getattr(errors, name) for name in ("InvalidResponseHeader", "InvalidResponseHeaderName") if hasattr(errors, name)
)
_EXPECTATION_FAILED = getattr(errors, "ExpectationFailed", ())  # gunicorn 23 and newer


def refusal(exc: BaseException, cfg) -> tuple[int, dict[str, str]] | None:
    """The status and ``error`` object of a request gunicorn refused, or ``None`` when ``exc`` is
    not the client's fault. The statuses are gunicorn's own (``Worker.handle_error``)."""
    if isinstance(exc, errors.LimitRequestLine):
        limit, bound = "limit_request_line", cfg.limit_request_line
        return 414, _limit(limit, f"the request line is longer than {bound} bytes ({limit})")
    if isinstance(exc, errors.LimitRequestHeaders):
        if str(exc) == "limit request headers fields":  # the count; gunicorn's other messages are sizes
            limit, bound = "limit_request_fields", cfg.limit_request_fields
            return 431, _limit(limit, f"the request has more than {bound} header fields ({limit})")
        limit, bound = "limit_request_field_size", cfg.limit_request_field_size
        return 431, _limit(limit, f"a request header field is longer than {bound} bytes ({limit})")
    if isinstance(exc, ssl.SSLError):
        return 403, _error(403, f"TLS error: {exc}")
    if isinstance(exc, _APP_FAULTS) or not isinstance(exc, errors.ParseException):
        return None
    status = 417 if isinstance(exc, _EXPECTATION_FAILED) else getattr(exc, "code", 400)
    return status, _error(status, str(exc))


def _limit(limit: str, message: str) -> dict[str, str]:
    return {"code": "limit_exceeded", "message": message, "limit": limit}


def _error(status: int, message: str) -> dict[str, str]:
    """The error object of a status, its code named as the app names HTTP errors (``bad_request``)."""
    code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    return {"code": code, "message": message[:300]}


def response_bytes(status: int, error: dict[str, str], took_ms: float) -> bytes:
    """A whole HTTP/1.1 response carrying ``{"error": ..., "took_ms": ...}``, closing the connection."""
    body = json.dumps({"error": error, "took_ms": took_ms}, separators=(",", ":")).encode()  # as Flask writes it
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class JsonErrorWorker(SyncWorker):
    """A sync worker whose own error answers (gunicorn's, not the app's) are JSON."""

    def handle(self, listener, client, addr):
        self._started = time.perf_counter()  # one connection at a time, one request each
        super().handle(listener, client, addr)

    def handle_error(self, req, client, addr, exc):
        now = time.perf_counter()  # once: a default read after it made the time negative (-0.01 ms)
        took_ms = round((now - getattr(self, "_started", now)) * 1000, 2)
        addr = addr or ("", -1)  # a unix socket
        refused = refusal(exc, self.cfg)
        if refused:
            status, error = refused
            self.log.warning("Invalid request from ip=%s: %s", addr[0], exc)
            if req is None and isinstance(exc, (errors.InvalidHeader, errors.InvalidHeaderName)):
                req = getattr(exc, "req", None)  # for the access log, as gunicorn does
        else:
            self.log.exception("Error handling request %s", getattr(req, "uri", "(no URI read)"))
            status, error = 500, _error(500, "the server failed to answer this request")
        answer = response_bytes(status, error, took_ms)
        if req is not None:
            environ = default_environ(req, client, self.cfg)
            environ["REMOTE_ADDR"], environ["REMOTE_PORT"] = addr[0], str(addr[1])
            response = Response(req, client, self.cfg)
            response.status = f"{status} {HTTPStatus(status).phrase}"
            response.response_length = len(answer)
            self.log.access(response, req, environ, timedelta(milliseconds=took_ms))
        try:
            util.write_nonblock(client, answer)
        except Exception:
            self.log.debug("Failed to send error message.")
