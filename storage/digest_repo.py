"""The week's public kudos for a digest: counts, people, values, and the newest acts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlalchemy import text
from sqlmodel import Session, col

from bot.domain.digest import DigestAct, ValueCount, WeekKudos
from bot.domain.kudos_text import MAX_RECIPIENTS
from storage.any_of import is_any_of
from storage.models import CompanyValue, Kudos


def _conditions(
    session: Session,
    team_id: str,
    start: datetime,
    end: datetime,
    receiver_ids: Collection[str] | None,
) -> list[Any]:
    where = [
        col(Kudos.team_id) == team_id,
        col(Kudos.created_at) >= start,
        col(Kudos.created_at) < end,
        col(Kudos.is_private).is_(False),
    ]
    if receiver_ids is not None:
        where.append(is_any_of(session, col(Kudos.receiver_id), receiver_ids, name="receivers"))
    return where


def _newest(session: Session, where: list[Any], limit: int) -> tuple[DigestAct, ...]:
    """The newest `limit` acts, read backwards along the (team, created_at) index."""
    recent = session.execute(
        sa_select(col(Kudos.act_id))
        .where(*where)
        .order_by(col(Kudos.created_at).desc(), col(Kudos.id).desc())
        .limit(limit * MAX_RECIPIENTS)
    )
    order = list(dict.fromkeys(row[0] for row in recent))[:limit]
    if not order:
        return ()
    rows = session.execute(
        sa_select(*_ACT_COLUMNS)
        .join(CompanyValue, col(CompanyValue.id) == col(Kudos.value_id))
        .where(col(Kudos.act_id).in_(order), *where[:1])
        .order_by(col(Kudos.id))
    ).all()
    by_act: dict[str, list[Any]] = {}
    for row in rows:
        by_act.setdefault(row.act_id, []).append(row)
    return tuple(_act(by_act[act_id]) for act_id in order)


_ACT_COLUMNS = (
    col(Kudos.act_id),
    col(Kudos.giver_id),
    col(Kudos.receiver_id),
    col(Kudos.message),
    col(Kudos.created_at),
    col(CompanyValue.name),
    col(CompanyValue.emoji),
)


def _act(rows: list[Any]) -> DigestAct:
    first = rows[0]
    return DigestAct(
        giver_id=first.giver_id,
        receiver_ids=tuple(row.receiver_id for row in rows),
        value_name=first.name,
        value_emoji=first.emoji,
        message=first.message,
        created_at=first.created_at,
    )


@dataclass
class _Tally:
    acts: set[str] = field(default_factory=set)
    people: Counter[str] = field(default_factory=Counter)
    values: dict[tuple[str, str], set[str]] = field(default_factory=dict)


def _tally(session: Session, where: list[Any]) -> _Tally:
    """One pass over the week's rows (narrow columns and their value), counted here."""
    tally = _Tally()
    rows = session.execute(
        sa_select(
            col(Kudos.act_id),
            col(Kudos.receiver_id),
            col(CompanyValue.name),
            col(CompanyValue.emoji),
        )
        .join(CompanyValue, col(CompanyValue.id) == col(Kudos.value_id))
        .where(*where)
    )
    for act_id, receiver_id, name, emoji in rows:
        tally.acts.add(act_id)
        tally.people[receiver_id] += 1
        tally.values.setdefault((name, emoji), set()).add(act_id)
    return tally


def _top_values(tally: _Tally, limit: int) -> tuple[ValueCount, ...]:
    ranked = sorted(tally.values.items(), key=lambda item: (-len(item[1]), item[0][0]))
    return tuple(ValueCount(name, emoji, len(acts)) for (name, emoji), acts in ranked[:limit])


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
    if session.get_bind().dialect.name == "postgresql":
        # psycopg prepares repeated statements; a generic plan for "receiver IN (300 ids)
        # ORDER BY created_at" is ten times slower than the plan made for the actual ids.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    where = _conditions(session, team_id, start, end, receiver_ids)
    tally = _tally(session, where)
    people = sorted(tally.people.items(), key=lambda item: (-item[1], item[0]))
    return WeekKudos(
        kudos_count=len(tally.acts),
        people_count=len(tally.people),
        recognised=tuple(people[:people_limit]),
        top_values=_top_values(tally, values_limit),
        newest=_newest(session, where, newest_limit) if tally.acts else (),
    )
