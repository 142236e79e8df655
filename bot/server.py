"""The HTTP side: Slack traffic on POST /slack/events and GET /healthz, served by waitress."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import waitress
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from storage.database import Database

SLACK_PATH = "/slack/events"
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _json(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


def make_wsgi_app(app: App, database: Database) -> WsgiApp:
    """Route Slack's requests to Bolt and answer health checks from the database's state."""
    slack = SlackRequestHandler(app, path=SLACK_PATH)

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ["REQUEST_METHOD"] in ("GET", "HEAD"):
            if database.is_healthy():
                return _json(start_response, "200 OK", {"status": "ok", "database": "ok"})
            body = {"status": "unavailable", "database": "unreachable"}
            return _json(start_response, "503 Service Unavailable", body)
        return slack(environ, start_response)

    return wsgi


def serve_http(wsgi: WsgiApp, *, host: str, port: int, threads: int = 16) -> None:
    """Serve until interrupted, on waitress (a production WSGI server)."""
    waitress.serve(
        wsgi,
        host=host,
        port=port,
        threads=threads,
        ident="difference-makers",
        clear_untrusted_proxy_headers=True,
    )
