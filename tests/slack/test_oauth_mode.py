"""Multi-workspace OAuth mode, in process: install, use, uninstall, install again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.app import create_app
from bot.config import Settings
from bot.deps import make_deps, utc_now
from bot.runtime.server import WsgiApp, make_wsgi_app
from bot.runtime.startup import make_worker
from bot.slack.oauth import BOT_SCOPES, WorkspaceInstallationStore
from storage.database import Database
from storage.workspaces_repo import uninstalled_at
from tests.support.e2e import wait_until
from tests.support.fake_slack import FakeSlack
from tests.support.manifest_data import load_manifest
from tests.support.slack_requests import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    event_body,
    signed_headers,
    slash_command_body,
)
from tests.support.wsgi import call_wsgi

SECRET = "oauth-mode-signing-secret"
TEAM = "T9OAUTH"
MSG = "stayed on after the outage to call back every customer"


def _oauth_access(params: dict[str, Any]) -> dict[str, Any]:
    assert params.get("code") == "the-code"
    return {
        "ok": True,
        "app_id": "A0KUDOS",
        "authed_user": {"id": "UINSTALLER"},
        "scope": ",".join(BOT_SCOPES),
        "token_type": "bot",
        "access_token": "xoxb-installed-for-t9",
        "bot_user_id": "UBOT",
        "team": {"id": TEAM, "name": "Nine"},
        "enterprise": None,
        "is_enterprise_install": False,
    }


@pytest.fixture
def oauth_app(database: Database) -> Iterator[tuple[WsgiApp, FakeSlack, Database]]:
    with FakeSlack() as slack:
        slack.set_answer("oauth.v2.access", _oauth_access)
        settings = Settings(
            slack_bot_token="",
            slack_signing_secret=SECRET,
            slack_api_url=slack.api_url,
            slack_client_id="1234.5678",
            slack_client_secret="client-secret",
        )
        deps = make_deps(settings, database)
        worker = make_worker(deps)
        worker.start()
        app = create_app(settings, deps=deps)
        yield make_wsgi_app(app, database), slack, database
        worker.stop(grace=5)


def _call(
    wsgi: WsgiApp, method: str, path: str, *, query: str = "", body: bytes = b"", **headers: str
) -> tuple[str, dict[str, str], str]:
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    reply = call_wsgi(wsgi, method, path, body=body, query=query, headers=named)
    return reply.status, reply.headers, reply.text


def _install(wsgi: WsgiApp) -> str:
    status, headers, page = _call(wsgi, "GET", "/slack/install")
    assert status.startswith("200"), page
    state = re.search(r"state=([\w-]+)", page)
    assert state is not None
    cookie = {k.lower(): v for k, v in headers.items()}["set-cookie"].split(";")[0]
    query = urlencode({"code": "the-code", "state": state.group(1)})
    status, _, page = _call(wsgi, "GET", "/slack/oauth_redirect", query=query, cookie=cookie)
    return status + page


def _signed(wsgi: WsgiApp, body: bytes, content_type: str) -> str:
    headers = signed_headers(body, signing_secret=SECRET, content_type=content_type)
    named = {k.lower().replace("-", "_"): v for k, v in headers.items()}
    named["content_type"] = content_type
    return _call(wsgi, "POST", "/slack/events", body=body, **named)[0]


def _store(database: Database) -> WorkspaceInstallationStore:
    return WorkspaceInstallationStore(client_id="1234.5678", database=database, clock=utc_now)


def _mark(database: Database) -> Any:
    with database.transaction() as session:
        return uninstalled_at(session=session, team_id=TEAM)


def test_install_use_uninstall_and_install_again(
    oauth_app: tuple[WsgiApp, FakeSlack, Database],
) -> None:
    wsgi, slack, database = oauth_app
    assert "200" in _install(wsgi)
    bot = _store(database).find_bot(enterprise_id=None, team_id=TEAM)
    assert bot is not None and bot.bot_token == "xoxb-installed-for-t9"
    checks = len(slack.calls_to("auth.test"))  # the installation's own, to learn the bot's id
    command = slash_command_body(
        text=f"<@UANA> #empathy {MSG}",
        team_id=TEAM,
        response_url=slack.response_url("give"),
    )
    assert _signed(wsgi, command, FORM_CONTENT_TYPE).startswith("200")
    slack.wait_for_responses("give")
    assert {c.token for c in slack.calls_to("chat.postMessage")} == {"xoxb-installed-for-t9"}
    assert len(slack.calls_to("auth.test")) == checks  # authorized from the installation alone

    uninstall = event_body({"type": "app_uninstalled"}, team_id=TEAM)
    assert _signed(wsgi, uninstall, JSON_CONTENT_TYPE).startswith("200")
    wait_until(lambda: _mark(database) is not None, "workspace marked uninstalled")
    wait_until(
        lambda: _store(database).find_bot(enterprise_id=None, team_id=TEAM) is None,
        "bot token deleted",
    )
    assert _store(database).find_installation(enterprise_id=None, team_id=TEAM) is None

    assert "200" in _install(wsgi)
    assert _mark(database) is None


def test_a_forged_state_installs_nothing(oauth_app: tuple[WsgiApp, FakeSlack, Database]) -> None:
    wsgi, slack, database = oauth_app
    query = urlencode({"code": "the-code", "state": "not-issued"})
    status, _, _ = _call(wsgi, "GET", "/slack/oauth_redirect", query=query)
    assert not status.startswith("200")
    assert slack.calls_to("oauth.v2.access") == []
    assert _store(database).find_bot(enterprise_id=None, team_id=TEAM) is None


def test_oauth_scopes_are_the_manifest_scopes() -> None:
    assert sorted(BOT_SCOPES) == sorted(load_manifest()["oauth_config"]["scopes"]["bot"])
    redirect = load_manifest()["oauth_config"]["redirect_urls"]
    assert [u.rsplit("/", 2)[-2:] for u in redirect] == [["slack", "oauth_redirect"]]
