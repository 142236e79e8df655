"""Schedules, claims and the week's kudos, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, col, update

from bot.domain.schedule import Scope, Weekly
from storage.claims_repo import (
    ClaimKey,
    ClaimStatus,
    claim_of,
    claim_post,
    finish_claim,
    take_over_failed,
)
from storage.database import Database
from storage.digest_repo import week_kudos
from storage.kudos_repo import add_kudos
from storage.models import Kudos
from storage.schedules_repo import (
    Schedule,
    Unsubscribed,
    all_schedules,
    schedule_of,
    subscribe,
    unsubscribe,
)
from storage.values_repo import ensure_workspace, find_value

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
WEEKLY = Weekly(0, time(9, 0), "Europe/Berlin")


def _give(
    db: Database, key: str, to: tuple[str, ...], at: datetime, value: str = "respect"
) -> None:
    with db.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)
        found = find_value(session=session, team_id="T1", typed=value)
        assert found is not None and found.id is not None
        add_kudos(
            session=session,
            team_id="T1",
            giver_id="UGIVER",
            receiver_ids=to,
            value_id=found.id,
            message=f"message {key}",
            channel_id="CGEN",
            request_key=key,
            created_at=at,
        )


def test_subscribing_twice_replaces_the_schedule(database: Database) -> None:
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)
        for weekly in (WEEKLY, Weekly(4, time(16, 30), "UTC")):
            schedule = Schedule("T1", "C1", "digest", weekly, Scope.WORKSPACE, "UMAYA", NOW)
            subscribe(session=session, schedule=schedule)
    with database.transaction() as session:
        found = schedule_of(session=session, team_id="T1", channel_id="C1", kind="digest")
        assert found is not None
        assert found.weekly == Weekly(4, time(16, 30), "UTC")
        assert (found.scope, found.subscribed_by, found.active_since) == (
            Scope.WORKSPACE,
            "UMAYA",
            NOW,
        )
        assert len(all_schedules(session=session)) == 1
        assert unsubscribe(session=session, team_id="T1", channel_id="C1", kind="prompt") == []
        assert unsubscribe(session=session, team_id="T1", channel_id="C1", kind=None) == [
            Unsubscribed(kind="digest", subscribed_by="UMAYA")
        ]
        assert all_schedules(session=session) == []


def test_a_post_is_claimed_once_and_a_failed_one_is_retried_once(database: Database) -> None:
    key = ClaimKey("T1", "C1", "digest", "2026-11-30")
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)
        claims = [
            claim_post(
                session=session,
                key=key,
                slot_at=NOW,
                status=ClaimStatus.SENDING,
                worker=f"w{i}",
                now=NOW,
            )
            for i in range(3)
        ]
        assert claims == [True, False, False]
        retry_at = NOW + timedelta(minutes=2)
        finish_claim(
            session=session, key=key, status=ClaimStatus.FAILED, now=NOW, next_attempt_at=retry_at
        )
        assert take_over_failed(session=session, key=key, worker="w1", now=NOW) is None
        assert take_over_failed(session=session, key=key, worker="w1", now=retry_at) == 2
        assert take_over_failed(session=session, key=key, worker="w2", now=retry_at) is None
        claim = claim_of(session=session, key=key)
        assert claim is not None
        assert (claim.status, claim.claimed_by, claim.attempts) == ("sending", "w1", 2)


def test_week_kudos_counts_public_kudos_in_range_and_scope(database: Database) -> None:
    start, end = NOW - timedelta(days=7), NOW
    _give(database, "old", ("UANA",), start - timedelta(seconds=1))
    _give(database, "a", ("UANA", "UBEN"), start)
    _give(database, "b", ("UANA",), start + timedelta(days=1), value="empathy")
    _give(database, "c", ("UCLEO",), end - timedelta(seconds=1), value="empathy")
    _give(database, "secret", ("UANA",), start + timedelta(days=2))
    _give(database, "late", ("UANA",), end)
    with database.transaction() as session:
        session.execute(
            update(Kudos).where(col(Kudos.request_key) == "secret").values(is_private=True)
        )
    with database.transaction() as session:
        week = week_kudos(session=session, team_id="T1", start=start, end=end)
        team = week_kudos(
            session=session, team_id="T1", start=start, end=end, receiver_ids={"UBEN", "UCLEO"}
        )
    assert (week.kudos_count, week.people_count) == (3, 3)
    assert week.recognised == (("UANA", 2), ("UBEN", 1), ("UCLEO", 1))
    assert [(v.name, v.count) for v in week.top_values] == [
        ("Empathy", 2),
        ("Treat people with respect", 1),
    ]
    assert [a.message for a in week.newest] == ["message c", "message b", "message a"]
    assert week.newest[2].receiver_ids == ("UANA", "UBEN")
    assert "message secret" not in {a.message for a in week.newest}
    assert (team.kudos_count, team.people_count) == (2, 2)
    assert [a.message for a in team.newest] == ["message c", "message a"]


@pytest.mark.parametrize("members", [0, 1, 70_000])
def test_week_kudos_scopes_to_a_channel_of_any_size(database: Database, members: int) -> None:
    """More members than psycopg (65,535) or SQLite (32,766) takes parameters in one statement."""
    start, end = NOW - timedelta(days=7), NOW
    _give(database, "in", ("U00000",), start + timedelta(days=1))
    _give(database, "last", (f"U{members - 1:05d}",), start + timedelta(days=2))
    _give(database, "out", ("UOUTSIDER",), start + timedelta(days=3))
    receivers = {f"U{i:05d}" for i in range(members)}
    with database.transaction() as session:
        _sqlite_default_variable_limit(session)
        week = week_kudos(
            session=session, team_id="T1", start=start, end=end, receiver_ids=receivers
        )
    expected = {f"message {key}" for key in ("in", "last")} if members else set()
    assert {a.message for a in week.newest} == expected
    assert week.people_count == len(receivers & {"U00000", f"U{members - 1:05d}"})


def _sqlite_default_variable_limit(session: Session) -> None:
    """SQLite's own default (32,766 variables a statement), whatever this build allows."""
    if session.get_bind().dialect.name == "sqlite":
        raw = session.connection().connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
