"""Helpers for scheduler tests: a Deps on a fake Slack, schedules and kudos seeded directly."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from bot.config import Settings
from bot.deps import Deps
from bot.domain.schedule import Scope, Weekly
from storage.database import Database
from storage.kudos_repo import add_kudos
from storage.schedules_repo import Schedule, subscribe
from storage.values_repo import ensure_workspace, find_value
from tests.support.fake_slack import FakeSlack

TEAM = "T1"
BERLIN_MONDAY_9 = Weekly(0, time(9, 0), "Europe/Berlin")
# Monday 30 Nov 2026, 09:00 in Berlin (CET, UTC+1)
SLOT = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
SUBSCRIBED = SLOT - timedelta(days=3)


def settings_for(api_url: str) -> Settings:
    """Settings whose Web API is at `api_url` (a fake Slack)."""
    return Settings(
        slack_bot_token="xoxb-scheduler-test",
        slack_signing_secret="secret",
        slack_api_url=api_url,
        database_url="sqlite://",
    )


def deps_for(database: Database, slack: FakeSlack) -> Deps:
    """Deps whose Web API is the fake Slack."""
    return Deps(settings=settings_for(slack.api_url), database=database, clock=lambda: SLOT)


def schedule(
    database: Database,
    channel_id: str,
    *,
    kind: str = "digest",
    weekly: Weekly = BERLIN_MONDAY_9,
    scope: Scope = Scope.WORKSPACE,
    since: datetime = SUBSCRIBED,
    team_id: str = TEAM,
    by: str = "UMAYA",
) -> None:
    """Subscribe a channel directly in the database (by UMAYA unless `by` says who)."""
    with database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=since)
        subscribe(
            session=session,
            schedule=Schedule(team_id, channel_id, kind, weekly, scope, by, since),
        )


def give(
    database: Database,
    key: str,
    to: tuple[str, ...],
    at: datetime,
    *,
    message: str = "kept the release calm",
) -> None:
    """Store a kudos from UGIVER."""
    with database.transaction() as session:
        ensure_workspace(session=session, team_id=TEAM, now=at)
        value = find_value(session=session, team_id=TEAM, typed="empathy")
        assert value is not None and value.id is not None
        add_kudos(
            session=session,
            team_id=TEAM,
            giver_id="UGIVER",
            receiver_ids=to,
            value_id=value.id,
            message=message,
            channel_id="CGEN",
            request_key=key,
            created_at=at,
        )


def posts(slack: FakeSlack, channel_id: str) -> list[dict[str, Any]]:
    """What was posted to one channel."""
    return [
        c.params for c in slack.calls_to("chat.postMessage") if c.params["channel"] == channel_id
    ]
