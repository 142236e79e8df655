"""Forgetting a person and purging uninstalled workspaces, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import select

from bot.config import Settings
from bot.deps import Deps
from bot.domain.permissions import Role
from bot.jobs.retention import purge_due_workspaces, purge_uninstalled_workspaces
from storage.database import Database
from storage.forget_repo import forget_user, teams_with_user
from storage.home_visits_repo import record_home_opened
from storage.kudos_repo import add_kudos, iter_kudos
from storage.models import (
    ChannelSchedule,
    CompanyValue,
    ExportLog,
    HomeVisit,
    Kudos,
    PersonPreferences,
    RoleGrant,
    Workspace,
    WorkspaceSettings,
)
from storage.roles_repo import grant_role
from storage.slack_tables import oauth_states
from storage.values_repo import ensure_workspace, find_value
from storage.workspaces_repo import clear_uninstalled, mark_uninstalled, uninstalled_at

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
ONE = timedelta(seconds=1)
FORGOTTEN = "forgotten-abcdefghijklmnop"


def _give(db: Database, team: str, giver: str, to: list[str], message: str, *, key: str) -> None:
    with db.transaction() as session:
        ensure_workspace(session=session, team_id=team, now=NOW)
        value = find_value(session=session, team_id=team, typed="empathy")
        assert value is not None and value.id is not None
        add_kudos(
            session=session,
            team_id=team,
            giver_id=giver,
            receiver_ids=to,
            value_id=value.id,
            message=message,
            channel_id="C1",
            request_key=key,
            created_at=NOW,
        )


def _seed(db: Database) -> None:
    _give(db, "T1", "UANA", ["UBEN", "UCAT"], "fixed the build at midnight", key="k1")
    _give(db, "T1", "UBEN", ["UANA"], "paired with <@UANA|ana> all day long", key="k2")
    _give(db, "T1", "UCAT", ["UANA"], "kind words for everyone", key="k3")
    _give(db, "T2", "UANA", ["UBEN"], "another workspace entirely", key="k4")
    with db.transaction() as session:
        grant_role(
            session=session, team_id="T1", user_id="UANA", role=Role.HR, granted_by="UADM", now=NOW
        )
        grant_role(
            session=session, team_id="T1", user_id="UBEN", role=Role.HR, granted_by="UANA", now=NOW
        )


def _counts(db: Database, team: str) -> tuple[Counter[str], Counter[str]]:
    with db.transaction() as session:
        rows = list(iter_kudos(session=session, team_id=team))
    return Counter(r.giver_id for r in rows), Counter(r.receiver_id for r in rows)


def test_forget_user_blanks_replaces_and_keeps_counts(database: Database) -> None:
    _seed(database)
    given, received = _counts(database, "T1")
    with database.transaction() as session:
        assert teams_with_user(session=session, user_id="UANA") == ["T1", "T2"]
        changes = forget_user(session=session, team_id="T1", user_id="UANA", replacement=FORGOTTEN)
    assert changes["kudos messages they wrote, blanked"] == 2
    assert changes["mentions of them in others' messages"] == 1
    assert changes["roles they held, removed"] == 1
    assert changes["kudos.giver_id"] == 2
    assert changes["kudos.receiver_id"] == 2
    assert changes["role_grant.granted_by"] == 1
    after_given, after_received = _counts(database, "T1")
    assert after_given[FORGOTTEN] == given["UANA"] and "UANA" not in after_given
    assert after_received[FORGOTTEN] == received["UANA"] and "UANA" not in after_received
    with database.transaction() as session:
        rows = list(iter_kudos(session=session, team_id="T1"))
        assert all(r.message == "" for r in rows if r.giver_id == FORGOTTEN)
        assert "paired with <@forgotten-abcdefghijklmnop> all day long" in {r.message for r in rows}
        grants = session.exec(select(RoleGrant)).all()
        assert {(g.user_id, g.granted_by) for g in grants} == {("UBEN", FORGOTTEN)}
        again = forget_user(session=session, team_id="T1", user_id="UANA", replacement=FORGOTTEN)
        assert not any(again.values())
        other = list(iter_kudos(session=session, team_id="T2"))
        assert [(r.giver_id, r.message) for r in other] == [("UANA", "another workspace entirely")]


def _deps(db: Database, days: int = 30) -> Deps:
    settings = Settings(
        slack_bot_token="xoxb-x", slack_signing_secret="s", data_retention_days_after_uninstall=days
    )
    return Deps(settings=settings, database=db)


def _teams(db: Database) -> set[str]:
    with db.transaction() as session:
        return set(session.exec(select(Workspace.team_id)).all())


def test_purge_deletes_only_workspaces_past_retention(database: Database) -> None:
    _seed(database)
    _give(database, "T3", "UX", ["UY"], "third workspace message", key="k5")
    with database.transaction() as session:
        assert mark_uninstalled(session=session, team_id="T1", now=NOW) is True
        assert mark_uninstalled(session=session, team_id="T1", now=NOW + timedelta(days=9)) is False
        mark_uninstalled(session=session, team_id="T3", now=NOW)
        assert clear_uninstalled(session=session, team_id="T3", seen_at=NOW) is False  # older
        assert clear_uninstalled(session=session, team_id="T3", seen_at=NOW + ONE) is True
        mark_uninstalled(session=session, team_id="T2", now=NOW + timedelta(days=2))
    purge_uninstalled_workspaces(_deps(database), now=NOW + timedelta(days=30))
    assert _teams(database) == {"T1", "T2", "T3"}  # exactly 30 days: not yet
    purged = purge_due_workspaces(_deps(database), now=NOW + timedelta(days=31))
    assert [p.team_id for p in purged] == ["T1"]
    assert purged[0].deleted["kudos"] == 4 and purged[0].deleted["role_grant"] == 2
    assert _teams(database) == {"T2", "T3"}
    with database.transaction() as session:
        assert {k.team_id for k in session.exec(select(Kudos)).all()} == {"T2", "T3"}
        assert "T1" not in {v.team_id for v in session.exec(select(CompanyValue)).all()}
        assert uninstalled_at(session=session, team_id="T2") == NOW + timedelta(days=2)
    assert purge_due_workspaces(_deps(database), now=NOW + timedelta(days=31)) == []


def test_zero_days_retention_purges_at_the_next_run(database: Database) -> None:
    _seed(database)
    with database.transaction() as session:
        mark_uninstalled(session=session, team_id="T2", now=NOW)
    purged = purge_due_workspaces(_deps(database, days=0), now=NOW + timedelta(seconds=1))
    assert [p.team_id for p in purged] == ["T2"]
    assert _teams(database) == {"T1"}


def test_forget_user_reaches_schedules_settings_exports_and_preferences(database: Database) -> None:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=when)
        session.add_all(
            [
                ChannelSchedule(
                    team_id="T1",
                    channel_id="C1",
                    kind="digest",
                    weekday=0,
                    at_minute=540,
                    tz="Europe/Berlin",
                    subscribed_by="UANA",
                    active_since=when,
                ),
                WorkspaceSettings(team_id="T1", updated_by="UANA", updated_at=when),
                ExportLog(
                    team_id="T1", requested_by="UANA", requested_at=when, format="csv", row_count=3
                ),
                PersonPreferences(
                    team_id="T1", user_id="UANA", off_leaderboards=True, updated_at=when
                ),
            ]
        )
        record_home_opened(session=session, team_id="T1", user_id="UANA", now=when)
    with database.transaction() as session:
        assert teams_with_user(session=session, user_id="UANA") == ["T1"]
        changes = forget_user(session=session, team_id="T1", user_id="UANA", replacement=FORGOTTEN)
    assert changes["channel_schedule.subscribed_by"] == 1
    assert changes["workspace_settings.updated_by"] == 1
    assert changes["export_log.requested_by"] == 1
    assert changes["their Home settings, removed"] == 1
    assert changes["when they last opened Home, removed"] == 1
    with database.transaction() as session:
        assert session.exec(select(PersonPreferences)).all() == []
        assert session.exec(select(HomeVisit)).all() == []
        assert session.exec(select(ExportLog.requested_by)).all() == [FORGOTTEN]
        assert teams_with_user(session=session, user_id="UANA") == []


def test_the_daily_purge_deletes_expired_oauth_states_only(database: Database) -> None:
    naive = NOW.replace(tzinfo=None)  # slack_sdk's state store keeps naive UTC
    with database.transaction() as session:
        session.execute(
            insert(oauth_states),
            [
                {"state": "stale", "expire_at": naive - timedelta(minutes=1)},
                {"state": "fresh", "expire_at": naive + timedelta(minutes=5)},
            ],
        )
    purge_uninstalled_workspaces(_deps(database), now=NOW)
    with database.transaction() as session:
        left = session.execute(select(oauth_states.c.state)).scalars().all()
    assert left == ["fresh"]
