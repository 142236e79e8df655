"""Slack's signed POST, handed to Bolt as Bolt's own WSGI adapter would, with the body the gate
already read: Bolt parses nothing a second time.

Bolt takes a body it need not parse only as a Socket Mode request; `bolt_request` builds it that
way, then makes it the HTTP request it is (raw body and mode), so Bolt's own middleware (its
signature check included) sees exactly what its adapter would have given it.
tests/runtime/test_bolt_http.py holds this equal to the adapter's request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from bot.domain.envelope import ENVELOPE_CHECKED
from bot.runtime.http_guard import Signed

_HEADER_KEYS = {"CONTENT_LENGTH": "content-length", "CONTENT_TYPE": "content-type"}


def request_headers(environ: dict[str, Any]) -> dict[str, str | Sequence[str]]:
    """The request's headers as Bolt's WSGI adapter names them (lower case, dashes)."""
    headers: dict[str, str | Sequence[str]] = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].lower().replace("_", "-")] = value
        elif key in _HEADER_KEYS:
            headers[_HEADER_KEYS[key]] = value
    return headers


def bolt_request(signed: Signed, environ: dict[str, Any]) -> BoltRequest:
    """The BoltRequest of a signed HTTP request, its body as the gate read it."""
    request = BoltRequest(
        body=signed.body,
        query=str(environ.get("QUERY_STRING", "")),
        headers=request_headers(environ),
        mode="socket_mode",  # the one mode in which Bolt takes a parsed body
    )
    request.mode = "http"
    request.raw_body = signed.raw
    request.context[ENVELOPE_CHECKED] = True  # by the gate: handlers.guard need not again
    return request


def respond(response: BoltResponse, start_response: Callable[..., Any]) -> list[bytes]:
    """Write Bolt's response as its WSGI adapter does."""
    status = HTTPStatus(response.status)
    body = response.body.encode("utf-8")
    headers = [
        (name, value)
        for name, values in response.headers.items()
        if name.lower() != "content-length"
        for value in values
    ]
    headers.append(("content-length", str(len(body))))
    start_response(f"{status.value} {status.phrase}", headers)
    return [body]


def dispatch(app: App, signed: Signed, environ: dict[str, Any]) -> BoltResponse:
    """Run the request through Bolt (middleware, listeners, the ack)."""
    return app.dispatch(bolt_request(signed, environ))
