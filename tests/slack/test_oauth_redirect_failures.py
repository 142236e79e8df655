"""OAuth mode: an installation that fails because Slack or the database fails ends on Bolt's
failure page, with one log line and no traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from bot.slack.oauth import WorkspaceInstallationStore
from storage.database import Database
from tests.support.fake_slack import FakeSlack
from tests.support.logs import app_logging
from tests.support.oauth_mode import TEAM, install_page, oauth_deps, store


def _disk_full(self: WorkspaceInstallationStore, installation: Any) -> None:
    raise OperationalError("INSERT INTO slack_bots", {}, Exception("disk full"))


def _reset(method: str) -> Callable[[FakeSlack, pytest.MonkeyPatch], None]:
    return lambda slack, _: slack.reset_connection(method, times=None)


def _storage_fails(_: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WorkspaceInstallationStore, "save", _disk_full)


@pytest.mark.parametrize(
    ("fail", "expected"),
    [
        pytest.param(
            _reset("oauth.v2.access"), ("502", "slack_unreachable"), id="oauth-access-reset"
        ),
        pytest.param(_reset("auth.test"), ("502", "slack_unreachable"), id="auth-test-reset"),
        pytest.param(_storage_fails, ("500", "storage_error"), id="database-error-on-save"),
    ],
)
def test_a_failed_installation_shows_the_failure_page(
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    fail: Callable[[FakeSlack, pytest.MonkeyPatch], None],
    expected: tuple[str, str],
) -> None:
    status, reason = expected
    with oauth_deps(database) as (_, wsgi, slack):
        fail(slack, monkeypatch)
        with caplog.at_level(logging.INFO):
            got, page = install_page(wsgi)
    assert got.startswith(status)
    assert reason in page and "/slack/install" in page
    assert store(database).find_bot(enterprise_id=None, team_id=TEAM) is None
    assert [r.exc_info for r in caplog.records if r.exc_info] == []
    loud = [r.name for r in caplog.records if r.levelno >= logging.WARNING]
    # slack_sdk logs each send that failed itself, as it does everywhere in the app
    assert [name for name in loud if not name.startswith("slack_sdk.")] == ["bot.slack.oauth_flow"]


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
def test_the_oauth_code_is_never_logged(
    database: Database, capsys: pytest.CaptureFixture[str], level: str
) -> None:
    with oauth_deps(database) as (_, wsgi, slack), app_logging(level):
        slack.http_error("oauth.v2.access", 500, times=None)  # Bolt logs the code it tried
        status, _ = install_page(wsgi, code="SECRET-CODE-123")
    logged = capsys.readouterr().err
    assert not status.startswith("200")
    assert "Failed to fetch oauth.v2.access" in logged
    assert "SECRET-CODE-123" not in logged
