"""Multi-workspace OAuth mode in process: the app with its fake Slack, and how to install it,
send it signed requests and read what it stored."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from bot.app import create_app
from bot.config import Settings
from bot.deps import Deps, make_deps, utc_now
from bot.runtime.server import WsgiApp, make_wsgi_app
from bot.slack.oauth import BOT_SCOPES, WorkspaceInstallationStore
from storage.database import Database
from storage.workspaces_repo import uninstalled_at
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import signed_headers
from tests.support.wsgi import call_wsgi

SECRET = "oauth-mode-signing-secret"
TEAM = "T9OAUTH"
CODE = "the-code"


def oauth_access(params: dict[str, Any]) -> dict[str, Any]:
    """Slack's oauth.v2.access answer for the code CODE: a bot installed in TEAM."""
    assert params.get("code") == CODE
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


@contextmanager
def oauth_deps(database: Database) -> Iterator[tuple[Deps, WsgiApp, FakeSlack]]:
    """The app in OAuth mode on `database`, talking to a fake Slack; no worker started."""
    with FakeSlack() as slack:
        slack.set_answer("oauth.v2.access", oauth_access)
        settings = Settings(
            slack_bot_token="",
            slack_signing_secret=SECRET,
            slack_api_url=slack.api_url,
            slack_client_id="1234.5678",
            slack_client_secret="client-secret",
        )
        deps = make_deps(settings, database)
        yield deps, make_wsgi_app(create_app(settings, deps=deps), database), slack


def call(
    wsgi: WsgiApp, method: str, path: str, *, query: str = "", body: bytes = b"", **headers: str
) -> tuple[str, dict[str, str], str]:
    """Status, headers and body of one request; header names with `_` for `-`."""
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    reply = call_wsgi(wsgi, method, path, body=body, query=query, headers=named)
    return reply.status, reply.headers, reply.text


def install_page(wsgi: WsgiApp, code: str = CODE) -> tuple[str, str]:
    """Go through /slack/install and come back to the redirect with `code`: status and page."""
    status, headers, page = call(wsgi, "GET", "/slack/install")
    assert status.startswith("200"), page
    state = re.search(r"state=([\w-]+)", page)
    assert state is not None
    cookie = {k.lower(): v for k, v in headers.items()}["set-cookie"].split(";")[0]
    query = urlencode({"code": code, "state": state.group(1)})
    status, _, page = call(wsgi, "GET", "/slack/oauth_redirect", query=query, cookie=cookie)
    return status, page


def install(wsgi: WsgiApp) -> str:
    """Install the app in TEAM: the redirect's status and page, run together."""
    return "".join(install_page(wsgi))


def signed_call(wsgi: WsgiApp, body: bytes, content_type: str) -> tuple[str, str]:
    """POST a signed Slack request to /slack/events: status and body."""
    headers = signed_headers(body, signing_secret=SECRET, content_type=content_type)
    named = {k.lower().replace("-", "_"): v for k, v in headers.items()}
    named["content_type"] = content_type
    status, _, text = call(wsgi, "POST", "/slack/events", body=body, **named)
    return status, text


def signed(wsgi: WsgiApp, body: bytes, content_type: str) -> str:
    """POST a signed Slack request to /slack/events: its status."""
    return signed_call(wsgi, body, content_type)[0]


def store(database: Database) -> WorkspaceInstallationStore:
    """The installations kept in `database`."""
    return WorkspaceInstallationStore(client_id="1234.5678", database=database, clock=utc_now)


def mark(database: Database) -> Any:
    """When TEAM was marked uninstalled, or None."""
    with database.transaction() as session:
        return uninstalled_at(session=session, team_id=TEAM)
