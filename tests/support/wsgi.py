"""Call a WSGI app in process, as waitress would: one request in, status, headers and body out."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class WsgiReply:
    """What the app answered."""

    status: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode()


def call_wsgi(
    wsgi: WsgiApp,
    method: str,
    path: str,
    *,
    body: bytes = b"",
    query: str = "",
    headers: Mapping[str, str] | None = None,
) -> WsgiReply:
    """Send one request; header names as in HTTP (`Content-Type`, `X-Slack-Signature`)."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "3000",
        "wsgi.url_scheme": "http",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    started: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        started.update(status=status, headers=dict(response_headers))

    reply = b"".join(wsgi(environ, start_response))
    return WsgiReply(started["status"], started["headers"], reply)
