"""Single-workspace mode: a request from a workspace the bot token is not for is refused before
anything is accepted (no task, no workspace row); the token's own workspace is served.

The app runs in process behind the real WSGI app (signature gate, Bolt, intake, worker), on
SQLite and PostgreSQL, with `create_app(..., one_workspace=True)`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot.app import create_app
from bot.config import Settings
from bot.deps import make_deps
from bot.runtime.server import WsgiApp, make_wsgi_app
from bot.runtime.startup import make_worker
from bot.slack.workspace import OTHER_WORKSPACE
from storage.database import Database
from storage.kudos_repo import iter_kudos
from storage.models import Task, Workspace
from tests.support.e2e import wait_until
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.interactions import global_shortcut
from tests.support.slack_requests import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    event_body,
    interaction_body,
    signed_headers,
    slash_command_body,
)
from tests.support.wsgi import call_wsgi

SECRET = "one-workspace-signing-secret"
OTHER = "T0ELSEWHERE"
MSG = "stayed on after the outage to call back every customer"
App = tuple[WsgiApp, FakeSlack, Database]


@pytest.fixture
def one_workspace(database: Database) -> Iterator[App]:
    with FakeSlack() as slack:
        settings = Settings(
            slack_bot_token="xoxb-one-workspace",
            slack_signing_secret=SECRET,
            slack_api_url=slack.api_url,
        )
        deps = make_deps(settings, database)
        worker = make_worker(deps)
        worker.start()
        app = create_app(settings, deps=deps, one_workspace=True)
        yield make_wsgi_app(app, database), slack, database
        worker.stop(grace=5)


def _post(wsgi: WsgiApp, body: bytes, content_type: str) -> tuple[str, str]:
    headers = signed_headers(body, signing_secret=SECRET, content_type=content_type)
    reply = call_wsgi(wsgi, "POST", "/slack/events", body=body, headers=headers)
    return reply.status, reply.text


def _stored(database: Database) -> tuple[int, int]:
    """How many tasks and workspace rows the database holds."""
    with database.transaction() as session:
        tasks = session.exec(select(func.count()).select_from(Task)).one()
        workspaces = session.exec(select(func.count()).select_from(Workspace)).one()
    return int(tasks), int(workspaces)


def test_a_command_from_another_workspace_is_answered_privately_and_stores_nothing(
    one_workspace: App, caplog: pytest.LogCaptureFixture
) -> None:
    wsgi, slack, database = one_workspace
    body = slash_command_body(
        text=f"<@UANA> #respect {MSG}", team_id=OTHER, response_url=slack.response_url("other")
    )
    calls_before = len(slack.calls)
    with caplog.at_level(logging.WARNING, logger="bot.slack.workspace"):
        status, text = _post(wsgi, body, FORM_CONTENT_TYPE)
    assert status.startswith("200")
    assert json.loads(text) == {"response_type": "ephemeral", "text": OTHER_WORKSPACE}
    [warning] = [r for r in caplog.records if r.name == "bot.slack.workspace"]
    assert OTHER in warning.getMessage() and TEAM_ID in warning.getMessage()
    assert _stored(database) == (0, 0)
    assert len(slack.calls) == calls_before  # no Web API call for it, before or after the ack


@pytest.mark.parametrize("kind", ["shortcut", "event", "app_uninstalled", "tokens_revoked"])
def test_other_requests_from_another_workspace_get_a_quiet_ack(
    one_workspace: App, kind: str
) -> None:
    # Bolt authorizes app_uninstalled and tokens_revoked without auth.test, naming the
    # request's own team as the authorized one: the guard must not trust that.
    wsgi, slack, database = one_workspace
    if kind == "shortcut":
        payload = global_shortcut("give_kudos", team_id=OTHER, user_id="UGIVER")
        status, text = _post(wsgi, interaction_body(payload), FORM_CONTENT_TYPE)
    else:
        events: dict[str, dict[str, object]] = {
            "event": {"type": "app_home_opened", "user": "UANA", "tab": "home", "event_ts": "1.2"},
            "app_uninstalled": {"type": "app_uninstalled", "event_ts": "1.2"},
            "tokens_revoked": {
                "type": "tokens_revoked",
                "tokens": {"bot": ["UB"]},
                "event_ts": "1",
            },
        }
        status, text = _post(wsgi, event_body(events[kind], team_id=OTHER), JSON_CONTENT_TYPE)
    assert (status[:3], text) == ("200", "")
    assert _stored(database) == (0, 0)
    assert slack.calls_to("views.open") == slack.calls_to("views.publish") == []


def test_the_tokens_own_workspace_is_served(one_workspace: App) -> None:
    wsgi, slack, database = one_workspace
    assert len(slack.calls_to("auth.test")) >= 1  # Bolt's own, once at start-up
    checks = len(slack.calls_to("auth.test"))
    body = slash_command_body(
        text=f"<@UANA> #respect {MSG}", team_id=TEAM_ID, response_url=slack.response_url("own")
    )
    status, _ = _post(wsgi, body, FORM_CONTENT_TYPE)
    assert status.startswith("200")
    (reply,) = slack.wait_for_responses("own", timeout=10.0)
    assert reply.body["text"].startswith(":white_check_mark:")

    def stored_kudos() -> int:
        with database.transaction() as session:
            return len(list(iter_kudos(session=session, team_id=TEAM_ID)))

    wait_until(lambda: stored_kudos() == 1, "the kudos stored")
    assert len(slack.calls_to("auth.test")) == checks  # none per request
