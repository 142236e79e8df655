"""`forget-user` finds a person mentioned in others' kudos, in every workspace, and no one else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.database import Database
from storage.forget_repo import forget_user, teams_with_user
from storage.kudos_repo import add_kudos, iter_kudos
from storage.values_repo import ensure_workspace, find_value

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
FORGOTTEN = "forgotten-abcdefghijklmnop"


def _give(db: Database, team: str, giver: str, message: str, *, key: str) -> None:
    with db.transaction() as session:
        ensure_workspace(session=session, team_id=team, now=NOW)
        value = find_value(session=session, team_id=team, typed="empathy")
        assert value is not None and value.id is not None
        add_kudos(
            session=session, team_id=team, giver_id=giver, receiver_ids=["UBEN"],
            value_id=value.id, message=message, channel_id="C1", request_key=key, created_at=NOW,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("user_id", "message", "teams"),
    [
        ("UDAN", "covered for <@UDAN|dan> and shipped it", ["T1"]),
        ("UDAN", "covered for <@UDAN> and shipped it", ["T1"]),
        ("UDAN", "covered for <@UDANIEL> and shipped it", []),
        ("UDAN", "covered for UDAN and shipped it", []),
        ("U_AN", "covered for <@UDAN> and shipped it", []),  # `_` is no LIKE wildcard here
        ("U%", "covered for <@UDAN> and shipped it", []),  # nor is `%`
        ("U/AN", "covered for <@UDAN> and shipped it", []),  # nor the escape character
    ],
)
def test_a_mention_in_a_message_is_a_workspace_to_forget_in(
    database: Database, user_id: str, message: str, teams: list[str]
) -> None:
    _give(database, "T1", "UCAT", message, key="k1")
    with database.transaction() as session:
        assert teams_with_user(session=session, user_id=user_id) == teams


def test_a_giver_in_one_workspace_mentioned_in_another_is_found_in_both(
    database: Database,
) -> None:
    _give(database, "T1", "UDAN", "fixed the build at midnight", key="k1")
    _give(database, "T2", "UCAT", "covered for <@UDAN|dan> and shipped it", key="k2")
    with database.transaction() as session:
        teams = teams_with_user(session=session, user_id="UDAN")
        assert teams == ["T1", "T2"]
        changes = forget_user(session=session, team_id="T2", user_id="UDAN", replacement=FORGOTTEN)
    assert changes["mentions of them in others' messages"] == 1
    with database.transaction() as session:
        rows = list(iter_kudos(session=session, team_id="T2"))
        assert [r.message for r in rows] == [f"covered for <@{FORGOTTEN}> and shipped it"]
        assert teams_with_user(session=session, user_id="UDAN") == ["T1"]
