"""OAuth mode: a workspace that uninstalls and soon installs the app again is served at once."""

from __future__ import annotations

from bot.runtime.startup import make_worker
from bot.slack.clients import bot_token
from storage.database import Database
from tests.support.e2e import wait_until
from tests.support.oauth_mode import TEAM, install, mark, oauth_deps, signed
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
