"""The WSGI front door: health checks and routing, without a network server."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App

from bot.runtime.server import make_wsgi_app
from storage.database import Database
from tests.support.slack_requests import JSON_CONTENT_TYPE, signed_headers
from tests.support.wsgi import call_wsgi

SECRET = "server-signing-secret"


def _call(
    database: Database, method: str, path: str, body: bytes = b"", **headers: str
) -> tuple[str, dict[str, Any] | bytes]:
    app = App(signing_secret=SECRET, token="xoxb-x", token_verification_enabled=False)
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    reply = call_wsgi(make_wsgi_app(app, database), method, path, body=body, headers=named)
    return reply.status, json.loads(reply.body) if reply.body.startswith(b"{") else reply.body


def _sqlite(tmp_path: Path) -> Database:
    return Database.from_url(f"sqlite:///{tmp_path / 'k.db'}")


def test_healthz_is_200_when_the_database_answers(tmp_path: Path) -> None:
    status, body = _call(_sqlite(tmp_path), "GET", "/healthz")
    assert status == "200 OK"
    assert isinstance(body, dict)
    assert (body["status"], body["database"]) == ("ok", "ok")


def test_healthz_is_503_when_the_database_does_not() -> None:
    database = Database.from_url("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    status, body = _call(database, "GET", "/healthz")
    assert status.startswith("503")
    assert body == {"status": "unavailable", "database": "unreachable", "reason": "unreachable"}


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/admin"), ("GET", "/slack/events"), ("POST", "/slack/install")]
)
def test_other_routes_are_404(tmp_path: Path, method: str, path: str) -> None:
    status, _ = _call(_sqlite(tmp_path), method, path)
    assert status.startswith("404")


def test_an_unsigned_request_never_reaches_bolt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    body = b'{"type": "url_verification", "challenge": "UNSIGNED-MARKER"}'
    with caplog.at_level(logging.DEBUG):
        status, answer = _call(_sqlite(tmp_path), "POST", "/slack/events", body)
    assert status.startswith("401")
    assert answer == {"error": "invalid request"}
    assert [r.name for r in caplog.records] == ["bot.runtime.http_guard"]
    assert "UNSIGNED-MARKER" not in caplog.text


def test_a_signed_request_reaches_bolt(tmp_path: Path) -> None:
    body = b'{"type": "url_verification", "challenge": "signed-challenge"}'
    headers = signed_headers(body, signing_secret=SECRET, content_type=JSON_CONTENT_TYPE)
    status, answer = _call(_sqlite(tmp_path), "POST", "/slack/events", body, **headers)
    assert status.startswith("200")
    assert answer == {"challenge": "signed-challenge"}
