"""The weekly fair-use job: flags go privately to admins only, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.config import Settings
from bot.deps import Deps
from bot.jobs.fair_use import report_fair_use
from storage.database import Database
from storage.kudos_repo import add_kudos
from storage.values_repo import ensure_workspace, find_value
from tests.support.fake_slack import FakeSlack

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
MEMBERS = [
    {"id": "UADMIN", "is_admin": True},
    {"id": "UOWNER", "is_owner": True},
    {"id": "UGONEADMIN", "is_admin": True, "deleted": True},
    {"id": "UBOTADMIN", "is_admin": True, "is_bot": True},
    {"id": "UPLAIN"},
]


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        pages = {"": (MEMBERS[:3], "page2"), "page2": (MEMBERS[3:], "")}

        def users_list(params: dict[str, Any]) -> dict[str, Any]:
            members, next_cursor = pages[params.get("cursor") or ""]
            return {
                "ok": True,
                "members": members,
                "response_metadata": {"next_cursor": next_cursor},
            }

        fake.set_answer("users.list", users_list)
        yield fake


def _deps(database: Database, slack: FakeSlack) -> Deps:
    settings = Settings(
        slack_bot_token="xoxb-job", slack_signing_secret="s", slack_api_url=slack.api_url
    )
    return Deps(settings=settings, database=database, clock=lambda: NOW)


def _give(database: Database, giver: str, receiver: str, times: int, days_ago: int = 1) -> None:
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)
        value = find_value(session=session, team_id="T1", typed="respect")
        assert value is not None and value.id is not None
        for i in range(times):
            add_kudos(
                session=session,
                team_id="T1",
                giver_id=giver,
                receiver_ids=[receiver],
                value_id=value.id,
                message="helped a lot this week",
                channel_id="C1",
                request_key=f"{giver}-{receiver}-{days_ago}-{i}",
                created_at=NOW - timedelta(days=days_ago, minutes=i),
            )


def test_flags_are_sent_privately_to_admins_only(database: Database, slack: FakeSlack) -> None:
    _give(database, "UA", "UB", 3)
    _give(database, "UB", "UA", 3)
    _give(database, "UC", "UD", 5)
    _give(database, "UE", "UF", 9, days_ago=8)  # older than a week: not counted
    report_fair_use(_deps(database, slack), now=NOW)
    posts = slack.calls_to("chat.postMessage")
    assert sorted(p.params["channel"] for p in posts) == ["UADMIN", "UOWNER"]
    text = posts[0].params["text"]
    assert "<@UA> and <@UB> traded kudos: 3 one way, 3 the other" in text
    assert "<@UC> gave 5 of their 5 kudos to <@UD>" in text
    assert "UE" not in text


def test_a_quiet_week_sends_nothing(database: Database, slack: FakeSlack) -> None:
    _give(database, "UA", "UB", 2)
    _give(database, "UC", "UB", 2)
    report_fair_use(_deps(database, slack), now=NOW)
    assert slack.calls_to("chat.postMessage") == []
    assert slack.calls_to("users.list") == []


def test_two_runs_in_one_week_report_once(database: Database, slack: FakeSlack) -> None:
    _give(database, "UA", "UB", 3)
    _give(database, "UB", "UA", 3)
    deps = _deps(database, slack)
    report_fair_use(deps, now=NOW)
    report_fair_use(deps, now=NOW + timedelta(hours=1))  # a second scheduler process, say
    assert len(slack.calls_to("chat.postMessage")) == 2  # the two admins, once each
    _give(database, "UA", "UB", 3, days_ago=-6)  # and the same again in the following week
    _give(database, "UB", "UA", 3, days_ago=-6)
    report_fair_use(deps, now=NOW + timedelta(days=7))  # next week: reported again
    assert len(slack.calls_to("chat.postMessage")) == 4


def test_an_uninstalled_workspace_is_not_reported(database: Database, slack: FakeSlack) -> None:
    from slack_sdk.oauth.installation_store import InstallationStore

    class NoBots(InstallationStore):
        def find_bot(self, **_: Any) -> None:
            return None

    _give(database, "UA", "UB", 3)
    _give(database, "UB", "UA", 3)
    deps = _deps(database, slack)
    oauth_deps = Deps(
        settings=deps.settings, database=database, clock=deps.clock, installation_store=NoBots()
    )
    report_fair_use(oauth_deps, now=NOW)
    assert slack.calls_to("chat.postMessage") == []


def test_a_workspace_that_uninstalled_in_single_token_mode_is_not_reported(
    database: Database, slack: FakeSlack
) -> None:
    from storage.workspaces_repo import mark_uninstalled

    _give(database, "UA", "UB", 3)
    _give(database, "UB", "UA", 3)
    with database.transaction() as session:
        mark_uninstalled(session=session, team_id="T1", now=NOW)
    report_fair_use(_deps(database, slack), now=NOW)
    assert slack.calls_to("chat.postMessage") == []
