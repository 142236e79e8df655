"""The HTTP side: Slack traffic on POST /slack/events and GET /healthz, served by waitress."""

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
from sqlalchemy.exc import SQLAlchemyError

from bot.deps import utc_now
from bot.runtime.cpu import CpuSlots
from storage.database import Database
from storage.task_admin_repo import queue_stats

log = logging.getLogger(__name__)

SLACK_PATH = "/slack/events"
HTTP_THREADS = 16
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _json(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


def backlog(database: Database) -> dict[str, Any]:
    """The task queue's counts and the age of its oldest waiting task, for /healthz."""
    with database.transaction() as session:
        stats = queue_stats(session=session)
    oldest = stats.oldest_waiting
    age = None if oldest is None else round((utc_now() - oldest).total_seconds(), 1)
    return {
        **{status.value: count for status, count in stats.counts.items() if status != "done"},
        "oldest_waiting_seconds": age,
    }


def _health(database: Database) -> tuple[str, dict[str, Any]]:
    if not database.is_healthy():
        return "503 Service Unavailable", {"status": "unavailable", "database": "unreachable"}
    body: dict[str, Any] = {"status": "ok", "database": "ok"}
    try:
        body["queue"] = backlog(database)
    except SQLAlchemyError:
        body["queue"] = None
    return "200 OK", body


def make_wsgi_app(app: App, database: Database, cpu: CpuSlots | None = None) -> WsgiApp:
    """Route Slack's requests to Bolt and answer health checks from the database's state;
    while a request is in Bolt, this process's worker lets it go first (`cpu`)."""
    slack = SlackRequestHandler(app, path=SLACK_PATH)
    acking = cpu.acking if cpu is not None else nullcontext

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ["REQUEST_METHOD"] in ("GET", "HEAD"):
            status, body = _health(database)
            return _json(start_response, status, body)
        with acking():
            return slack(environ, start_response)

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
    )
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # stopping already
        server.close()
        del previous
    log.info("stopped taking requests")
