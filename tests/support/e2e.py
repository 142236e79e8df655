"""End-to-end harness: the real server per backend, a fake Slack, and a fresh workspace per test."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.oauth.installation_store import Installation

from bot.deps import utc_now
from bot.domain.kudos import KudosRecord
from bot.services.giving.store import HOME_REFRESH_DELAY
from bot.slack.oauth import BOT_SCOPES, WorkspaceInstallationStore
from storage.database import Database
from storage.kudos_repo import iter_kudos
from tests.support.databases import throwaway_postgres
from tests.support.fake_slack import BOT_USER_ID, FakeSlack
from tests.support.live_server import BOT_TOKEN, SIGNING_SECRET, LiveServer, live_server
from tests.support.slack_requests import SlackHttpResult, SlackSender

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def wait_until(check: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
    """Poll `check` until it holds (work after the ack is asynchronous); fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.02)


@dataclass
class Stack:
    """The running app, its fake Slack and its database, for one backend."""

    server: LiveServer
    slack: FakeSlack
    database: Database


def start_stack(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real server on `backend` ("sqlite" or "postgres") with its fake Slack."""
    workdir = tmp_path_factory.mktemp(f"e2e-{backend}")
    with FakeSlack() as slack:
        slack.add_user("UHELPER", is_bot=True)
        slack.add_user("UGONE", deleted=True)
        if backend == "postgres":
            with throwaway_postgres() as url:
                yield from _run(url, slack, workdir)
        else:
            yield from _run(f"sqlite:///{workdir / 'kudos.db'}", slack, workdir)


# The shared server serves a new workspace per test, as a distributed app does: in OAuth mode,
# each workspace installed (`install`) with the tests' bot token.
OAUTH_ENV = {"SLACK_CLIENT_ID": "1234.5678", "SLACK_CLIENT_SECRET": "e2e-client-secret"}


def _run(url: str, slack: FakeSlack, workdir: Path) -> Iterator[Stack]:
    with live_server(
        database_url=url, slack_api_url=slack.api_url, workdir=workdir, extra_env=OAUTH_ENV
    ) as server:
        database = Database.from_url(url.replace("postgresql://", "postgresql+psycopg://"))
        yield Stack(server, slack, database)
        database.dispose()


@dataclass
class Workspace:
    """A fresh workspace per test, so tests never see each other's rows."""

    stack: Stack
    team_id: str
    log_start: int = 0

    def log(self) -> str:
        """What the server logged since this workspace was made (the server is shared)."""
        return self.stack.server.log()[self.log_start :]

    def wait_for_log(self, needle: str, timeout: float = 5.0) -> None:
        """Block until the server logs `needle` (since this workspace was made)."""
        wait_until(lambda: needle in self.log(), f"{needle!r} logged", timeout=timeout)

    def command(self, text: str, name: str, **kw: Any) -> SlackHttpResult:
        """Send `/kudos text` whose response_url is named `name`."""
        sender = SlackSender(self.stack.server.events_url, SIGNING_SECRET)
        kw.setdefault("team_id", self.team_id)
        return sender.command(text, response_url=self.stack.slack.response_url(name), **kw)

    def reply(self, name: str) -> dict[str, Any]:
        """The single private answer sent to the response_url `name`."""
        (response,) = self.stack.slack.wait_for_responses(name, timeout=10.0)
        return response.body

    def homes(self, user_id: str) -> list[dict[str, Any]]:
        """Every Home view published for `user_id` so far, oldest first."""
        calls = self.stack.slack.calls_to("views.publish")
        return [c.params["view"] for c in calls if c.params.get("user_id") == user_id]

    def open_home(self, user_id: str, **kw: Any) -> dict[str, Any]:
        """Open `user_id`'s Home tab, as Slack reports it, and return the view published."""
        sender = SlackSender(self.stack.server.events_url, SIGNING_SECRET)
        before = len(self.homes(user_id))
        event = {"type": "app_home_opened", "user": user_id, "tab": "home", "event_ts": "1.2"}
        assert sender.event(event, team_id=self.team_id, **kw).status == 200
        wait_until(lambda: len(self.homes(user_id)) > before, f"Home published for {user_id}")
        return self.homes(user_id)[-1]

    def wait_for_home(self, user_id: str, needle: str) -> dict[str, Any]:
        """Wait until `user_id`'s newest Home view mentions `needle`; return that view."""

        def shows_needle() -> bool:
            views = self.homes(user_id)
            return bool(views) and needle in json.dumps(views[-1])

        wait_until(shows_needle, f"Home of {user_id} showing {needle!r}")
        return self.homes(user_id)[-1]

    def wait_for_homes_to_settle(self) -> None:
        """Wait until no Home was published for twice the refresh delay, so that a refresh
        still queued from a burst cannot land in the next test's fake Slack."""
        quiet = 2 * HOME_REFRESH_DELAY.total_seconds()
        deadline = time.monotonic() + 10
        seen = -1
        while (count := len(self.stack.slack.calls_to("views.publish"))) != seen:
            if time.monotonic() > deadline:
                raise AssertionError("Home kept being republished for 10 s")
            seen = count
            time.sleep(quiet)

    def kudos(self) -> list[KudosRecord]:
        """Everything stored for this workspace."""
        with self.stack.database.transaction() as session:
            return list(iter_kudos(session=session, team_id=self.team_id))


def install(stack: Stack, team_id: str) -> None:
    """Record the app as installed in `team_id` with the tests' bot token (what OAuth saves)."""
    store = WorkspaceInstallationStore(
        client_id=OAUTH_ENV["SLACK_CLIENT_ID"], database=stack.database, clock=utc_now
    )
    store.save(
        Installation(
            app_id="A0TEST",
            team_id=team_id,
            user_id="UINSTALLER",
            bot_token=BOT_TOKEN,
            bot_id="B0TEST",
            bot_user_id=BOT_USER_ID,
            bot_scopes=list(BOT_SCOPES),
        )
    )


def fresh_workspace(stack: Stack) -> Workspace:
    """A clean fake Slack and a new workspace, installed."""
    stack.slack.reset()
    workspace = Workspace(stack, "T" + uuid.uuid4().hex[:10].upper(), len(stack.server.log()))
    install(stack, workspace.team_id)
    return workspace
