"""Home visits: the newest opening wins, and only recent ones count, per workspace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.database import Database
from storage.home_visits_repo import opened_home_since, record_home_opened
from storage.values_repo import ensure_workspace

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _opened(database: Database, *, team_id: str = "T1", since: datetime) -> bool:
    with database.transaction() as session:
        found = opened_home_since(
            session=session, team_id=team_id, user_ids=["UANA", "UBEN"], since=since
        )
    assert found <= {"UANA"}  # Ben never opened Home
    return found == {"UANA"}


def test_a_later_opening_replaces_the_earlier_one(database: Database) -> None:
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=MONDAY)
        record_home_opened(session=session, team_id="T1", user_id="UANA", now=MONDAY)
    with database.transaction() as session:
        later = MONDAY + timedelta(days=2)
        record_home_opened(session=session, team_id="T1", user_id="UANA", now=later)
    assert _opened(database, since=MONDAY + timedelta(days=1))
    assert not _opened(database, since=MONDAY + timedelta(days=3))


def test_nobody_has_opened_home_until_they_do(database: Database) -> None:
    assert not _opened(database, since=MONDAY - timedelta(days=365))


def test_an_opening_counts_only_in_its_own_workspace(database: Database) -> None:
    with database.transaction() as session:
        for team_id in ("T1", "T2"):
            ensure_workspace(session=session, team_id=team_id, now=MONDAY)
        record_home_opened(session=session, team_id="T1", user_id="UANA", now=MONDAY)
    assert _opened(database, team_id="T1", since=MONDAY)
    assert not _opened(database, team_id="T2", since=MONDAY)
