"""Settings, preferences and aggregates for stats and fair use, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.services.giving.limits import daily_limit_refusal
from storage.database import Database
from storage.kudos_repo import add_kudos, recent_kudos_given
from storage.locks import lock_giver
from storage.settings_repo import (
    FairUse,
    Preferences,
    fair_use_settings,
    off_leaderboard_people,
    preferences_of,
    save_fair_use,
    save_preferences,
)
from storage.stats_repo import (
    acts_given_between,
    first_seen,
    pair_counts,
    received_per_value,
    teams_with_kudos_between,
    totals,
)
from storage.values_repo import ensure_workspace, find_value

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
DAY = timedelta(days=1)


def _give(
    db: Database,
    giver: str,
    to: tuple[str, ...],
    *,
    value: str = "respect",
    at: datetime = NOW,
    private: bool = False,
) -> None:
    with db.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)
        found = find_value(session=session, team_id="T1", typed=value)
        assert found is not None and found.id is not None
        add_kudos(
            session=session,
            team_id="T1",
            giver_id=giver,
            receiver_ids=to,
            value_id=found.id,
            message="called back every customer",
            channel_id="CGEN",
            request_key=f"{giver}-{to}-{value}-{at.isoformat()}-{private}",
            created_at=at,
            is_private=private,
            source_link="https://example.slack.com/archives/C1/p1",
        )


def test_settings_and_preferences_default_then_saved(database: Database) -> None:
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)
        assert fair_use_settings(session=session, team_id="T1") == FairUse(10, False)
        save_fair_use(session=session, team_id="T1", settings=FairUse(3, True), by="UA", now=NOW)
        save_fair_use(session=session, team_id="T1", settings=FairUse(4, True), by="UA", now=NOW)
        assert fair_use_settings(session=session, team_id="T1") == FairUse(4, True)
        mine = Preferences(no_public_announce=True, off_leaderboards=True)
        save_preferences(session=session, team_id="T1", user_id="UA", preferences=mine, now=NOW)
        assert preferences_of(session=session, team_id="T1", user_ids=["UA", "UB"]) == {
            "UA": mine,
            "UB": Preferences(),
        }
        assert off_leaderboard_people(session=session, team_id="T1") == {"UA"}


def test_aggregates(database: Database) -> None:
    _give(database, "UA", ("UB", "UC"), at=NOW - DAY)
    _give(database, "UA", ("UB",), value="empathy", at=NOW)
    _give(database, "UB", ("UA",), at=NOW - 10 * DAY)
    _give(database, "UD", ("UB",), at=NOW, private=True)
    with database.transaction() as session:
        args: dict[str, Any] = {"session": session, "team_id": "T1"}
        assert acts_given_between(**args, giver_id="UA", start=NOW - 2 * DAY, end=NOW + DAY) == 2
        assert acts_given_between(**args, giver_id="UA", start=NOW, end=NOW + DAY) == 1
        pairs = pair_counts(**args, start=NOW - 7 * DAY, end=NOW + DAY)
        assert {(p.giver_id, p.receiver_id, p.count) for p in pairs} == {
            ("UA", "UB", 2),
            ("UA", "UC", 1),
            ("UD", "UB", 1),
        }
        givers = first_seen(**args, start=NOW - 7 * DAY, end=NOW + DAY, by="giver")
        assert {(s.receiver_id, s.key, s.at) for s in givers} == {
            ("UB", "UA", NOW - DAY),
            ("UC", "UA", NOW - DAY),
        }
        values = first_seen(**args, start=NOW - 7 * DAY, end=NOW + DAY, by="value")
        assert len([s for s in values if s.receiver_id == "UB"]) == 2
        counted = received_per_value(**args, user_id="UB", start=NOW - DAY, end=NOW + DAY)
        assert [(v.slug, n) for v, n in counted] == [("respect", 2), ("empathy", 1)]
        assert totals(**args, user_id="UB") == (3, 1, 2)
        given = recent_kudos_given(**args, user_id="UA")
        assert [k.receiver_id for k in given] == ["UB", "UB", "UC"]  # newest first, as given
        assert teams_with_kudos_between(session=session, start=NOW, end=NOW + DAY) == ["T1"]


@pytest.mark.postgres
def test_daily_limit_holds_under_concurrent_gives_on_postgres(postgres_database: Database) -> None:
    """SQLite serialises writers; the per-giver lock is PostgreSQL's."""
    database = postgres_database
    _give(database, "USEED", ("UX",), at=NOW - 30 * DAY)  # creates the workspace

    def attempt(i: int) -> bool:
        with database.transaction() as session:
            lock_giver(session, team_id="T1", giver_id="UA")
            refusal = daily_limit_refusal(
                session, team_id="T1", giver_id="UA", tz="Europe/Berlin", limit=3, now=NOW
            )
            if refusal is not None:
                return False
            add_kudos(
                session=session,
                team_id="T1",
                giver_id="UA",
                receiver_ids=[f"U{i}"],
                value_id=1,
                message="called back every customer",
                channel_id=None,
                request_key=f"race-{i}",
                created_at=NOW,
            )
            return True

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(attempt, range(12))) == 3


def test_the_newest_kudos_given_are_whole_however_many_were_thanked(database: Database) -> None:
    twenty = tuple(f"UA{i:02d}" for i in range(20))
    others = tuple(f"UB{i:02d}" for i in range(20))
    _give(database, "UG", twenty, at=NOW - 2 * DAY)
    _give(database, "UG", others, at=NOW - DAY)
    _give(database, "UG", ("UC",), at=NOW)
    with database.transaction() as session:
        given = recent_kudos_given(session=session, team_id="T1", user_id="UG", acts=5)
        newest_two = recent_kudos_given(session=session, team_id="T1", user_id="UG", acts=2)
    acts: dict[str, set[str]] = {}
    for record in given:
        acts.setdefault(record.act_id, set()).add(record.receiver_id)
    assert list(acts.values()) == [{"UC"}, set(others), set(twenty)]  # newest first, each whole
    assert {r.receiver_id for r in newest_two} == {"UC", *others}
