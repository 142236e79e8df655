"""End to end: with SLACK_BOT_TOKEN the server serves that token's workspace only.

A request from any other workspace (the Request URL reused, the app shared) is refused before
anything is accepted: a slash command gets one private line, nothing is stored, no workspace row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.slack.workspace import OTHER_WORKSPACE
from tests.support.delivery_checks import Site, open_site
from tests.support.e2e import BACKENDS
from tests.support.live_server import SIGNING_SECRET
from tests.support.slack_requests import SlackSender

MSG = "stayed on after the outage to call back every customer"


@pytest.fixture(params=BACKENDS)
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    """A single-workspace server's database and fake Slack, on each backend."""
    with open_site(request.param, tmp_path) as site:
        yield site


def _count(site: Site, table: str) -> int:
    with site.database.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())  # noqa: S608


def test_a_command_from_another_workspace_is_refused_and_stores_nothing(site: Site) -> None:
    server = site.serve().server
    sender = SlackSender(server.events_url, SIGNING_SECRET)
    workspaces = _count(site, "workspace")
    result = sender.command(
        f"<@UANA> #respect {MSG}",
        team_id="TSOMEONEELSE",
        user_id="UGIVER",
        response_url=site.slack.response_url("other"),
    )
    assert result.status == 200
    assert json.loads(result.body)["text"] == OTHER_WORKSPACE
    assert (_count(site, "task"), _count(site, "workspace")) == (0, workspaces)
    assert "refused a request from workspace TSOMEONEELSE" in server.log()
    assert "will be unused" not in server.log()  # Bolt's start-up warning about its own env read
    ours = sender.command(  # its own workspace: served
        "help", team_id=site.team_id, user_id="UGIVER", response_url=site.slack.response_url("own")
    )
    assert ours.status == 200
    assert _count(site, "task") == 1
