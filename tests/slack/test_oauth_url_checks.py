"""OAuth mode: Slack's checks of the request URL are answered, though they name no workspace."""

from __future__ import annotations

import json
import logging

import pytest

from bot.runtime.server import WsgiApp
from storage.database import Database
from tests.support.fake_slack import FakeSlack
from tests.support.oauth_mode import signed_call
from tests.support.slack_requests import FORM_CONTENT_TYPE, JSON_CONTENT_TYPE


def test_url_verification_gets_its_challenge_back(
    oauth_app: tuple[WsgiApp, FakeSlack, Database], caplog: pytest.LogCaptureFixture
) -> None:
    wsgi, _, _ = oauth_app
    body = b'{"token": "x", "type": "url_verification", "challenge": "the-challenge"}'
    with caplog.at_level(logging.WARNING):
        status, text = signed_call(wsgi, body, JSON_CONTENT_TYPE)
    assert status.startswith("200")
    assert json.loads(text) == {"challenge": "the-challenge"}
    assert "names no workspace" not in caplog.text


def test_ssl_check_is_answered(
    oauth_app: tuple[WsgiApp, FakeSlack, Database], caplog: pytest.LogCaptureFixture
) -> None:
    wsgi, _, _ = oauth_app
    with caplog.at_level(logging.WARNING):
        status, _ = signed_call(wsgi, b"ssl_check=1&token=x", FORM_CONTENT_TYPE)
    assert status.startswith("200")
    assert "names no workspace" not in caplog.text
