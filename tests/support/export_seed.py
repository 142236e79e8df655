"""Seed kudos for export tests: two workspaces, private kudos, text that looks like formulas."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import col, update

from storage.database import Database
from storage.kudos_repo import add_kudos
from storage.models import Kudos
from storage.values_repo import ensure_workspace, find_value

FORMULA = '=HYPERLINK("http://evil","click") thanks for the help'
SEEDED = [
    # team, giver, receivers, value, message, day, private
    ("T1", "UG", ["UA", "UB"], "empathy", 'said "thanks" & meant it <3', 3, False),
    ("T1", "UA", ["UG"], "respect", FORMULA, 10, False),
    ("T1", "UB", ["UA"], "empathy", "-1 bugs after the release, well done", 20, True),
    ("T2", "UX", ["UY"], "empathy", "the other workspace's kudos", 10, False),
]


def seed_kudos(database: Database) -> None:
    """Store SEEDED (in November 2026) in T1 and T2."""
    with database.transaction() as session:
        for team, giver, receivers, typed, message, day, private in SEEDED:
            ensure_workspace(session=session, team_id=team, now=datetime(2026, 1, 1, tzinfo=UTC))
            value = find_value(session=session, team_id=team, typed=typed)
            assert value is not None and value.id is not None
            act = add_kudos(
                session=session,
                team_id=team,
                giver_id=giver,
                receiver_ids=receivers,
                value_id=value.id,
                message=message,
                channel_id="C1",
                request_key=f"{team}-{giver}-{day}",
                created_at=datetime(2026, 11, day, 8, 30, tzinfo=UTC),
            )
            if private:
                session.execute(
                    update(Kudos).where(col(Kudos.act_id) == act.act_id).values(is_private=True)
                )
