"""Aggregates for stats, leaderboards, the daily limit and fair use (grouped in SQL)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

from bot.domain.fair_use import PairCount
from bot.domain.leaderboard import FirstSeen, Standing, rank_people
from storage.core_statements import execute_core
from storage.models import CompanyValue, Kudos
from storage.settings_repo import off_leaderboard_people

# Built once: on the path of every kudos, building a statement costs more than running it.
_ACTS_GIVEN_BETWEEN = select(func.count(func.distinct(Kudos.act_id))).where(
    Kudos.team_id == bindparam("team_id"),
    Kudos.giver_id == bindparam("giver_id"),
    col(Kudos.created_at) >= bindparam("start"),
    col(Kudos.created_at) < bindparam("end"),
)


def acts_given_between(
    *, session: Session, team_id: str, giver_id: str, start: datetime, end: datetime
) -> int:
    """How many kudos acts (not recipients) a person gave in [start, end)."""
    params = {"team_id": team_id, "giver_id": giver_id, "start": start, "end": end}
    return int(execute_core(session, _ACTS_GIVEN_BETWEEN, params).scalar_one())


def pair_counts(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> list[PairCount]:
    """Kudos per (giver, receiver) in [start, end)."""
    query = (
        select(Kudos.giver_id, Kudos.receiver_id, func.count().label("n"))
        .where(Kudos.team_id == team_id, col(Kudos.created_at) >= start)
        .where(col(Kudos.created_at) < end)
        .group_by(col(Kudos.giver_id), col(Kudos.receiver_id))
    )
    rows = execute_core(session, query)
    return [PairCount(row.giver_id, row.receiver_id, int(row.n)) for row in rows]


def teams_with_kudos_between(*, session: Session, start: datetime, end: datetime) -> list[str]:
    """Workspaces that have any kudos in [start, end)."""
    query = (
        select(Kudos.team_id)
        .where(col(Kudos.created_at) >= start, col(Kudos.created_at) < end)
        .distinct()
        .order_by(col(Kudos.team_id))
    )
    return list(session.exec(query).all())


def first_seen(
    *, session: Session, team_id: str, start: datetime, end: datetime, by: str
) -> list[FirstSeen]:
    """For public kudos in [start, end): when each receiver first got one per giver or value."""
    key = col(Kudos.giver_id) if by == "giver" else col(Kudos.value_id)
    query = (
        select(Kudos.receiver_id, key, func.min(Kudos.created_at))
        .where(Kudos.team_id == team_id, col(Kudos.created_at) >= start)
        .where(col(Kudos.created_at) < end, col(Kudos.is_private).is_(False))
        .group_by(col(Kudos.receiver_id), key)
    )
    return [FirstSeen(r, str(k), at) for r, k, at in session.exec(query).all()]


def received_per_value(
    *, session: Session, team_id: str, user_id: str, start: datetime, end: datetime
) -> list[tuple[CompanyValue, int]]:
    """A person's kudos received in [start, end) counted per value, most first."""
    count = func.count(col(Kudos.id))
    query = (
        select(CompanyValue, count)
        .join(Kudos, col(Kudos.value_id) == col(CompanyValue.id))
        .where(Kudos.team_id == team_id, Kudos.receiver_id == user_id)
        .where(col(Kudos.created_at) >= start, col(Kudos.created_at) < end)
        .group_by(col(CompanyValue.id))
        .order_by(count.desc(), col(CompanyValue.id))
    )
    return [(value, int(n)) for value, n in session.exec(query).all()]


def totals(*, session: Session, team_id: str, user_id: str) -> tuple[int, int, int]:
    """All-time kudos received, given (acts), and distinct people who recognised this person."""
    received = select(func.count(), func.count(func.distinct(Kudos.giver_id))).where(
        Kudos.team_id == team_id, Kudos.receiver_id == user_id
    )
    given = select(func.count(func.distinct(Kudos.act_id))).where(
        Kudos.team_id == team_id, Kudos.giver_id == user_id
    )
    got, givers = session.exec(received).one()
    return int(got), int(session.exec(given).one()), int(givers)


def leaderboard(
    *, session: Session, team_id: str, start: datetime, end: datetime, limit: int = 10
) -> list[Standing]:
    """The breadth-first leaderboard for [start, end), without people who opted out."""
    args: dict[str, Any] = {"session": session, "team_id": team_id, "start": start, "end": end}
    return rank_people(
        first_seen(**args, by="giver"),
        first_seen(**args, by="value"),
        excluded=off_leaderboard_people(session=session, team_id=team_id),
        limit=limit,
    )
