"""Giving by reaction in the database: settings, removals, withdrawal and added words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage.database import Database
from storage.kudos_repo import add_kudos, is_recorded, iter_kudos
from storage.reactions_repo import (
    ReactionChoice,
    act_of,
    purge_removals,
    reaction_settings,
    record_removal,
    removed_between,
    save_reaction_settings,
    set_act_message,
    withdraw_kudos,
)
from storage.values_repo import ensure_workspace, list_values

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KEY = "reaction:" + "0" * 48


def _give(database: Database, *, team_id: str = "T1", key: str = KEY) -> str:
    with database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=NOW)
        value = list_values(session=session, team_id=team_id)[0]
        act = add_kudos(
            session=session,
            team_id=team_id,
            giver_id="UBEN",
            receiver_ids=["UANA"],
            value_id=value.id or 0,
            message="Reacted with :gem: to their message.",
            channel_id="CTEAM",
            request_key=key,
            created_at=NOW,
            source_link="https://example.slack.com/archives/CTEAM/p1700000000000100",
        )
    return act.act_id


def test_reaction_settings_default_to_on_and_are_saved(database: Database) -> None:
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)
        assert reaction_settings(session=session, team_id="T1") == ReactionChoice(True, None)
        off = ReactionChoice(enabled=False, any_value_emoji=":sparkles:")
        save_reaction_settings(session=session, team_id="T1", choice=off, by="UADMIN", now=NOW)
    with database.transaction() as session:
        assert reaction_settings(session=session, team_id="T1") == off
        on = ReactionChoice(enabled=True)
        save_reaction_settings(session=session, team_id="T1", choice=on, by="UADMIN", now=NOW)
    with database.transaction() as session:
        assert reaction_settings(session=session, team_id="T1") == on


def test_a_removal_keeps_the_latest_time(database: Database) -> None:
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)
        for minutes in (5, 1):  # delivered out of order
            at = NOW + timedelta(minutes=minutes)
            record_removal(session=session, team_id="T1", request_key=KEY, removed_at=at)
    with database.transaction() as session:
        late = NOW + timedelta(minutes=5)
        assert removed_between(session=session, team_id="T1", request_key=KEY, start=NOW, end=late)
        early = NOW + timedelta(minutes=2)
        assert not removed_between(
            session=session, team_id="T1", request_key=KEY, start=NOW, end=early
        )
        assert not removed_between(
            session=session, team_id="T2", request_key=KEY, start=NOW, end=late
        )
        assert purge_removals(session=session, before=NOW + timedelta(minutes=4)) == 0
        assert purge_removals(session=session, before=NOW + timedelta(minutes=6)) == 1


@pytest.mark.parametrize(
    ("since", "giver", "withdrawn"),
    [
        (NOW - timedelta(minutes=10), "UBEN", True),  # removed within the window
        (NOW + timedelta(seconds=1), "UBEN", False),  # removed later: it stays
        (NOW - timedelta(minutes=10), "UCARL", False),  # someone else's reaction
    ],
)
def test_withdrawing_deletes_only_a_recent_kudos_of_that_giver(
    database: Database, since: datetime, giver: str, withdrawn: bool
) -> None:
    act_id = _give(database)
    _give(database, team_id="T2")  # the same key in another workspace stays
    with database.transaction() as session:
        found = withdraw_kudos(
            session=session, team_id="T1", request_key=KEY, giver_id=giver, created_since=since
        )
    assert found == ((act_id, ["UANA"]) if withdrawn else None)
    with database.transaction() as session:
        assert is_recorded(session=session, team_id="T1", request_key=KEY) is not withdrawn
        assert is_recorded(session=session, team_id="T2", request_key=KEY)


def test_words_added_replace_the_message_of_that_act_only(database: Database) -> None:
    act_id = _give(database)
    _give(database, key=KEY + ":other")
    with database.transaction() as session:
        act = act_of(session=session, team_id="T1", request_key=KEY, giver_id="UBEN")
        assert act is not None
        assert (act.act_id, act.receiver_ids, act.channel_id) == (act_id, ("UANA",), "CTEAM")
        assert act_of(session=session, team_id="T1", request_key=KEY, giver_id="UANA") is None
        set_act_message(session=session, team_id="T1", act_id=act_id, message="Thanks, Ana!")
    with database.transaction() as session:
        messages = sorted(k.message for k in iter_kudos(session=session, team_id="T1"))
    assert messages == ["Reacted with :gem: to their message.", "Thanks, Ana!"]
