"""The HTTP side: Slack traffic on POST /slack/events (and the OAuth pages), GET /healthz,
served by waitress."""

from __future__ import annotations

import json
import logging
import signal
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from typing import Any

import waitress
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.runtime.bolt_http import dispatch, respond
from bot.runtime.cpu import CpuSlots
from bot.runtime.health import HealthCheck
from bot.runtime.http_guard import BODY_LIMIT, Refusal, SlackGate
from storage.database import Database

log = logging.getLogger(__name__)

SLACK_PATH = "/slack/events"
# A request thread mostly waits for the intake's commit; the more requests wait at once, the more
# share one commit (group commit). 32 threads take a burst from Slack without queueing it.
HTTP_THREADS = 32
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _json(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


def _signing_secret(app: App) -> str:
    # Bolt keeps the secret it verifies with but offers no accessor; using it keeps our check
    # and Bolt's (which stays on) in agreement.
    secret: str = app._signing_secret
    return secret


def _oauth_paths(app: App) -> frozenset[str]:
    flow = app.oauth_flow
    return frozenset() if flow is None else frozenset((flow.install_path, flow.redirect_uri_path))


def make_wsgi_app(app: App, database: Database, cpu: CpuSlots | None = None) -> WsgiApp:
    """Route Slack's requests to Bolt once signed (`SlackGate`, then `bolt_http`) and the OAuth
    pages through Bolt's WSGI adapter, answer health checks from a write probe, and 404 anything
    else; while a request is in Bolt, this process's worker lets it go first (`cpu`)."""
    oauth_pages = SlackRequestHandler(app, path=SLACK_PATH)
    gate = SlackGate(_signing_secret(app))
    health = HealthCheck(database)
    oauth_paths = _oauth_paths(app)
    acking = cpu.acking if cpu is not None else nullcontext

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == "/healthz" and method in ("GET", "HEAD"):
            return _json(start_response, *health.answer())
        if path == SLACK_PATH and method == "POST":
            admitted = gate.admit(environ)
            if isinstance(admitted, Refusal):  # not Slack's: holds no step of the worker back
                return _json(start_response, admitted.status, {"error": admitted.error})
            with acking():
                return respond(dispatch(app, admitted, environ), start_response)
        if not (method == "GET" and path in oauth_paths):
            return _json(start_response, "404 Not Found", {"error": "not found"})
        return oauth_pages(environ, start_response)

    return wsgi


def _stop(_signum: int, _frame: object) -> None:
    raise SystemExit(0)  # waitress's loop takes this as "stop": it answers what is in flight


def serve_http(wsgi: WsgiApp, *, host: str, port: int, threads: int = HTTP_THREADS) -> None:
    """Serve on waitress until SIGTERM or Ctrl-C; requests in flight are answered first."""
    server = waitress.create_server(
        wsgi,
        host=host,
        port=port,
        threads=threads,
        ident="difference-makers",
        clear_untrusted_proxy_headers=True,
        # waitress answers 413 to a Content-Length at or above this before reading the body,
        # and stops reading a chunked body there: the bodies SlackGate sees are within its limit.
        max_request_body_size=BODY_LIMIT + 1,
    )
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # stopping already
        server.close()
        del previous
    log.info("stopped taking requests")
