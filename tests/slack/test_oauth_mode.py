"""Multi-workspace OAuth mode, in process: install, use, uninstall, install again."""

from __future__ import annotations

from urllib.parse import urlencode

from bot.runtime.server import WsgiApp
from bot.slack.oauth import BOT_SCOPES
from storage.database import Database
from tests.support.e2e import wait_until
from tests.support.fake_slack import FakeSlack
from tests.support.manifest_data import load_manifest
from tests.support.oauth_mode import TEAM, call, install, mark, signed, store
from tests.support.slack_requests import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    event_body,
    slash_command_body,
)

MSG = "stayed on after the outage to call back every customer"


def test_install_use_uninstall_and_install_again(
    oauth_app: tuple[WsgiApp, FakeSlack, Database],
) -> None:
    wsgi, slack, database = oauth_app
    assert "200" in install(wsgi)
    bot = store(database).find_bot(enterprise_id=None, team_id=TEAM)
    assert bot is not None and bot.bot_token == "xoxb-installed-for-t9"
    checks = len(slack.calls_to("auth.test"))  # the installation's own, to learn the bot's id
    command = slash_command_body(
        text=f"<@UANA> #empathy {MSG}",
        team_id=TEAM,
        response_url=slack.response_url("give"),
    )
    assert signed(wsgi, command, FORM_CONTENT_TYPE).startswith("200")
    slack.wait_for_responses("give")
    assert {c.token for c in slack.calls_to("chat.postMessage")} == {"xoxb-installed-for-t9"}
    assert len(slack.calls_to("auth.test")) == checks  # authorized from the installation alone

    uninstall = event_body({"type": "app_uninstalled"}, team_id=TEAM)
    assert signed(wsgi, uninstall, JSON_CONTENT_TYPE).startswith("200")
    wait_until(lambda: mark(database) is not None, "workspace marked uninstalled")
    wait_until(
        lambda: store(database).find_bot(enterprise_id=None, team_id=TEAM) is None,
        "bot token deleted",
    )
    assert store(database).find_installation(enterprise_id=None, team_id=TEAM) is None

    assert "200" in install(wsgi)
    assert mark(database) is None


def test_a_forged_state_installs_nothing(oauth_app: tuple[WsgiApp, FakeSlack, Database]) -> None:
    wsgi, slack, database = oauth_app
    query = urlencode({"code": "the-code", "state": "not-issued"})
    status, _, _ = call(wsgi, "GET", "/slack/oauth_redirect", query=query)
    assert not status.startswith("200")
    assert slack.calls_to("oauth.v2.access") == []
    assert store(database).find_bot(enterprise_id=None, team_id=TEAM) is None


def test_oauth_scopes_are_the_manifest_scopes() -> None:
    assert sorted(BOT_SCOPES) == sorted(load_manifest()["oauth_config"]["scopes"]["bot"])
    redirect = load_manifest()["oauth_config"]["redirect_urls"]
    assert [u.rsplit("/", 2)[-2:] for u in redirect] == [["slack", "oauth_redirect"]]
