"""OAuth mode: a workspace that uninstalls and soon installs the app again is served at once."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.domain.tasks import TaskStatus
from bot.runtime.startup import make_worker
from bot.slack.clients import bot_token
from storage.database import Database
from storage.task_admin_repo import queue_stats
from tests.support.e2e import wait_until
from tests.support.oauth_mode import TEAM, install, mark, oauth_deps, signed, store
from tests.support.slack_requests import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    event_body,
    slash_command_body,
)

MSG = "stayed on after the outage to call back every customer"


def test_kudos_right_after_a_quick_reinstall_is_delivered(database: Database) -> None:
    with oauth_deps(database) as (deps, wsgi, slack):
        worker = make_worker(deps)
        worker.start()
        try:
            assert "200" in install(wsgi)
            uninstall = event_body({"type": "app_uninstalled"}, team_id=TEAM)
            assert signed(wsgi, uninstall, JSON_CONTENT_TYPE).startswith("200")
            wait_until(lambda: mark(database) is not None, "workspace marked uninstalled")

            # a task queued before the uninstall runs now, and finds no token
            def load(team: str) -> str | None:
                return bot_token(deps.database, deps.settings, deps.installation_store, team)

            assert deps.tokens.get(TEAM, load) is None
            assert "200" in install(wsgi)  # installed again, seconds later
            command = slash_command_body(
                text=f"<@UANA> #empathy {MSG}", team_id=TEAM, response_url=slack.response_url("g")
            )
            assert signed(wsgi, command, FORM_CONTENT_TYPE).startswith("200")
            wait_until(lambda: bool(slack.delivered("chat.postMessage")), "kudos announced")
        finally:
            worker.stop(grace=5)


def _lifecycle_tasks_done(database: Database) -> int:
    with database.transaction() as session:
        return queue_stats(session=session).counts.get(TaskStatus.DONE, 0)


@pytest.mark.parametrize(
    "event",
    [
        pytest.param({"type": "app_uninstalled"}, id="app_uninstalled"),
        pytest.param({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}}, id="tokens_revoked"),
    ],
)
def test_a_late_uninstall_does_not_undo_a_reinstall(
    database: Database, event: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    with oauth_deps(database) as (deps, wsgi, _):
        assert "200" in install(wsgi)
        body = event_body(event, team_id=TEAM)
        assert signed(wsgi, body, JSON_CONTENT_TYPE).startswith("200")  # queued: no worker yet
        assert "200" in install(wsgi)  # installed again before the worker got to it
        worker = make_worker(deps)
        with caplog.at_level(logging.INFO, logger="bot.services.lifecycle"):
            worker.start()
            try:
                wait_until(lambda: _lifecycle_tasks_done(database) == 1, "lifecycle task ran")
            finally:
                worker.stop(grace=5)
    bot = store(database).find_bot(enterprise_id=None, team_id=TEAM)
    assert bot is not None and bot.bot_token == "xoxb-installed-for-t9"
    assert mark(database) is None
    ignored = [r for r in caplog.records if "installed again ignored" in r.getMessage()]
    assert [r.levelno for r in ignored] == [logging.INFO]
