"""`serve` hands the worker's CPU slots to the HTTP side: while a request is being acked, from
the gate to the ack, the worker's steps know it and let it go first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.config import Settings
from bot.deps import make_deps
from bot.runtime import runner
from storage.database import Database
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import FORM_CONTENT_TYPE, signed_headers, slash_command_body
from tests.support.wsgi import WsgiApp, call_wsgi

SECRET = "wiring-signing-secret"


def test_serve_counts_each_request_as_being_acked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(slack_bot_token="xoxb-x", slack_signing_secret=SECRET)
    deps = make_deps(settings, Database.from_url(f"sqlite:///{tmp_path / 'k.db'}"))
    served: list[WsgiApp] = []
    monkeypatch.setattr(runner, "serve_http", lambda wsgi, **_: served.append(wsgi))
    slack = FakeSlack().start()
    client = WebClient(token="xoxb-x", base_url=slack.api_url)
    app = App(signing_secret=SECRET, client=client, token_verification_enabled=False)
    seen: list[int] = []

    def listener(ack: Ack, **_: Any) -> None:
        seen.append(deps.cpu.acks_in_flight)
        ack()

    app.command("/kudos")(listener)
    runner._serve_http(app, settings, deps, host="127.0.0.1", port=0)
    body = slash_command_body(text="help", response_url="https://hooks.slack.test/r/1")
    headers = signed_headers(body, signing_secret=SECRET, content_type=FORM_CONTENT_TYPE)
    try:
        reply = call_wsgi(served[0], "POST", "/slack/events", body=body, headers=headers)
    finally:
        slack.stop()
    assert reply.status.startswith("200")
    assert seen == [1]
    assert deps.cpu.acks_in_flight == 0
