"""The week's public kudos, aggregated in SQL, for a digest: counts, people, values, newest acts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from storage.models import CompanyValue, Kudos


@dataclass(frozen=True)
class DigestAct:
    """One kudos act: who thanked whom, for which value, and why."""

    giver_id: str
    receiver_ids: tuple[str, ...]
    value_name: str
    value_emoji: str
    message: str
    created_at: datetime


@dataclass(frozen=True)
class ValueCount:
    """How many kudos named a value."""

    name: str
    emoji: str
    count: int


@dataclass(frozen=True)
class WeekKudos:
    """Everything a digest shows, already limited to what fits in one message."""

    kudos_count: int
    people_count: int
    recognised: tuple[tuple[str, int], ...]
    top_values: tuple[ValueCount, ...]
    newest: tuple[DigestAct, ...]


def _conditions(
    team_id: str, start: datetime, end: datetime, receiver_ids: Collection[str] | None
) -> list[Any]:
    where = [
        col(Kudos.team_id) == team_id,
        col(Kudos.created_at) >= start,
        col(Kudos.created_at) < end,
        col(Kudos.is_private).is_(False),
    ]
    if receiver_ids is not None:
        where.append(col(Kudos.receiver_id).in_(sorted(receiver_ids)))
    return where


def _newest(session: Session, where: list[Any], limit: int) -> tuple[DigestAct, ...]:
    latest = func.max(col(Kudos.created_at)).label("latest")
    acts = (
        sa_select(col(Kudos.act_id), latest)
        .where(*where)
        .group_by(col(Kudos.act_id))
        .order_by(latest.desc(), col(Kudos.act_id))
        .limit(limit)
    )
    order = [row[0] for row in session.execute(acts)]
    if not order:
        return ()
    rows = session.execute(
        sa_select(Kudos, CompanyValue)
        .join(CompanyValue, col(CompanyValue.id) == col(Kudos.value_id))
        .where(col(Kudos.act_id).in_(order), *where[:1])
        .order_by(col(Kudos.id))
    ).all()
    by_act: dict[str, list[tuple[Kudos, CompanyValue]]] = {}
    for kudos, value in rows:
        by_act.setdefault(kudos.act_id, []).append((kudos, value))
    return tuple(_act(by_act[act_id]) for act_id in order)


def _act(rows: list[tuple[Kudos, CompanyValue]]) -> DigestAct:
    first, value = rows[0]
    return DigestAct(
        giver_id=first.giver_id,
        receiver_ids=tuple(kudos.receiver_id for kudos, _ in rows),
        value_name=value.name,
        value_emoji=value.emoji,
        message=first.message,
        created_at=first.created_at,
    )


def week_kudos(
    *,
    session: Session,
    team_id: str,
    start: datetime,
    end: datetime,
    receiver_ids: Collection[str] | None = None,
    newest_limit: int = 40,
    people_limit: int = 40,
    values_limit: int = 3,
) -> WeekKudos:
    """Public kudos given in [start, end), to `receiver_ids` only when given."""
    where = _conditions(team_id, start, end, receiver_ids)
    acts = func.count(func.distinct(col(Kudos.act_id)))
    totals = session.execute(
        sa_select(acts, func.count(func.distinct(col(Kudos.receiver_id)))).where(*where)
    ).one()
    per_person = func.count().label("n")
    people = session.execute(
        sa_select(col(Kudos.receiver_id), per_person)
        .where(*where)
        .group_by(col(Kudos.receiver_id))
        .order_by(per_person.desc(), col(Kudos.receiver_id))
        .limit(people_limit)
    ).all()
    per_value = acts.label("n")
    values = session.execute(
        sa_select(col(CompanyValue.name), col(CompanyValue.emoji), per_value)
        .join(CompanyValue, col(CompanyValue.id) == col(Kudos.value_id))
        .where(*where)
        .group_by(col(CompanyValue.id), col(CompanyValue.name), col(CompanyValue.emoji))
        .order_by(per_value.desc(), col(CompanyValue.name))
        .limit(values_limit)
    ).all()
    return WeekKudos(
        kudos_count=int(totals[0]),
        people_count=int(totals[1]),
        recognised=tuple((str(r[0]), int(r[1])) for r in people),
        top_values=tuple(ValueCount(str(v[0]), str(v[1]), int(v[2])) for v in values),
        newest=_newest(session, where, newest_limit),
    )
