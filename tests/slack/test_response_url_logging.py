"""A response_url lets whoever holds it post as the app: no log line carries one, at DEBUG too."""

from __future__ import annotations

import logging

import pytest

from bot.runtime.server import WsgiApp
from storage.database import Database
from tests.support.fake_slack import FakeSlack
from tests.support.logs import app_logging
from tests.support.oauth_mode import TEAM, install, signed
from tests.support.slack_requests import FORM_CONTENT_TYPE, slash_command_body


class _Records(logging.Handler):
    """Every record's message, as logged."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_no_record_carries_the_response_url_at_debug(
    oauth_app: tuple[WsgiApp, FakeSlack, Database], capsys: pytest.CaptureFixture[str]
) -> None:
    wsgi, slack, _ = oauth_app
    assert "200" in install(wsgi)
    url = slack.response_url("help")
    records = _Records()
    with app_logging("DEBUG"):
        logging.getLogger().addHandler(records)
        body = slash_command_body(text="help", team_id=TEAM, response_url=url)
        assert signed(wsgi, body, FORM_CONTENT_TYPE).startswith("200")
        slack.wait_for_responses("help")
    assert records.messages  # DEBUG logging was on
    assert [m for m in records.messages if url in m] == []
    assert url not in capsys.readouterr().err
