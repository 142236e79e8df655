"""Values administration in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.value_admin import NewValue, Outcome, Rename
from storage.database import Database
from storage.kudos_repo import add_kudos, iter_kudos
from storage.values_admin_repo import add_value, rename_value, retire_value
from storage.values_repo import ensure_workspace, find_value, list_values

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
OWN_IT = NewValue("Own it", "own-it", ":muscle:", "We finish what we start")


def _seed(db: Database, team: str = "T1") -> None:
    with db.transaction() as session:
        ensure_workspace(session=session, team_id=team, now=NOW)


def test_add_then_the_same_name_again_is_refused(database: Database) -> None:
    _seed(database)
    with database.transaction() as session:
        added = add_value(session=session, team_id="T1", new=OWN_IT)
        assert added.outcome is Outcome.ADDED and added.value is not None
        again = add_value(session=session, team_id="T1", new=NewValue("OWN-IT", "own-it", "", ""))
        assert again.outcome is Outcome.EXISTS
        clash = add_value(session=session, team_id="T1", new=NewValue("Respect", "respect", "", ""))
        assert clash.outcome is Outcome.EXISTS
        assert find_value(session=session, team_id="T1", typed="#own-it") is not None


def test_retired_value_keeps_past_kudos_and_is_revived_by_adding_it(database: Database) -> None:
    _seed(database)
    with database.transaction() as session:
        empathy = find_value(session=session, team_id="T1", typed="empathy")
        assert empathy is not None and empathy.id is not None
        add_kudos(
            session=session,
            team_id="T1",
            giver_id="UG",
            receiver_ids=["UA"],
            value_id=empathy.id,
            message="listened for an hour",
            channel_id="C1",
            request_key="k1",
            created_at=NOW,
        )
        retired = retire_value(session=session, team_id="T1", typed="Empathy", now=NOW)
        assert retired.outcome is Outcome.RETIRED
    with database.transaction() as session:
        assert find_value(session=session, team_id="T1", typed="empathy") is None
        assert [r.value for r in iter_kudos(session=session, team_id="T1")] == ["empathy"]
        gone = retire_value(session=session, team_id="T1", typed="empathy", now=NOW)
        assert gone.outcome is Outcome.UNKNOWN
        revived = add_value(
            session=session, team_id="T1", new=NewValue("Empathy", "empathy", "", "")
        )
        assert revived.outcome is Outcome.REVIVED
        assert revived.value is not None and revived.value.id == empathy.id
        assert revived.value.emoji == ":heart:"  # kept, since none was given
        assert find_value(session=session, team_id="T1", typed="empathy") is not None


def test_the_last_value_in_use_stays(database: Database) -> None:
    _seed(database)
    with database.transaction() as session:
        slugs = [v.slug for v in list_values(session=session, team_id="T1")]
        outcomes = [
            retire_value(session=session, team_id="T1", typed=s, now=NOW).outcome for s in slugs
        ]
    assert outcomes == [Outcome.RETIRED] * (len(slugs) - 1) + [Outcome.LAST_ONE]


def test_rename_changes_name_and_hashtag_and_refuses_clashes(database: Database) -> None:
    _seed(database)
    _seed(database, "T2")
    with database.transaction() as session:
        to_kind = Rename("respect", "Kindness", "kindness")
        renamed = rename_value(session=session, team_id="T1", rename=to_kind)
        assert renamed.outcome is Outcome.RENAMED
        assert find_value(session=session, team_id="T1", typed="#kindness") is not None
        assert find_value(session=session, team_id="T2", typed="#kindness") is None
        clash = rename_value(
            session=session, team_id="T1", rename=Rename("kindness", "Empathy", "empathy")
        )
        assert clash.outcome is Outcome.EXISTS
        missing = rename_value(session=session, team_id="T1", rename=Rename("nope", "Xy", "xy"))
        assert missing.outcome is Outcome.UNKNOWN
        same = rename_value(
            session=session, team_id="T1", rename=Rename("kindness", "KINDNESS", "kindness")
        )
        assert same.outcome is Outcome.RENAMED


def test_values_are_per_workspace(database: Database) -> None:
    _seed(database)
    _seed(database, "T2")
    with database.transaction() as session:
        assert add_value(session=session, team_id="T1", new=OWN_IT).outcome is Outcome.ADDED
        assert add_value(session=session, team_id="T2", new=OWN_IT).outcome is Outcome.ADDED
        retire_value(session=session, team_id="T1", typed="own-it", now=NOW)
        assert find_value(session=session, team_id="T2", typed="own-it") is not None
