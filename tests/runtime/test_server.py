"""The WSGI front door: health checks and routing, without a network server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from slack_bolt import App

from bot.runtime.server import make_wsgi_app
from storage.database import Database


def _call(database: Database, method: str, path: str) -> tuple[str, dict[str, Any] | bytes]:
    app = App(signing_secret="x", token="xoxb-x", token_verification_enabled=False)
    wsgi = make_wsgi_app(app, database)
    seen: dict[str, str] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"] = status

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": None,
        "CONTENT_LENGTH": "0",
    }
    body = b"".join(wsgi(environ, start_response))
    return seen["status"], json.loads(body) if body.startswith(b"{") else body


def test_healthz_is_200_when_the_database_answers(tmp_path: Path) -> None:
    status, body = _call(Database.from_url(f"sqlite:///{tmp_path / 'k.db'}"), "GET", "/healthz")
    assert status == "200 OK"
    assert isinstance(body, dict)
    assert (body["status"], body["database"]) == ("ok", "ok")


def test_healthz_is_503_when_the_database_does_not() -> None:
    database = Database.from_url("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    status, body = _call(database, "GET", "/healthz")
    assert status.startswith("503")
    assert body == {"status": "unavailable", "database": "unreachable"}


def test_other_paths_are_404(tmp_path: Path) -> None:
    status, _ = _call(Database.from_url(f"sqlite:///{tmp_path / 'k.db'}"), "GET", "/admin")
    assert status.startswith("404")
