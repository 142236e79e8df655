"""Repository functions for kudos: record an act once, read kudos back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot.domain.kudos import KudosRecord
from storage.conflicts import insert_ignoring_conflicts
from storage.core_statements import execute_core
from storage.models import CompanyValue, Kudos


@dataclass(frozen=True)
class RecordedAct:
    """The outcome of recording a kudos act: its id, and whether this call stored it."""

    act_id: str
    created: bool


def add_kudos(
    *,
    session: Session,
    team_id: str,
    giver_id: str,
    receiver_ids: Sequence[str],
    value_id: int,
    message: str,
    channel_id: str | None,
    request_key: str,
    created_at: datetime,
    is_private: bool = False,
    source_link: str | None = None,
    act_id: str | None = None,
) -> RecordedAct:
    """Store one row per recipient, linked as one act; a repeated request stores nothing."""
    act_id = act_id or uuid.uuid4().hex
    rows = [
        {
            "act_id": act_id,
            "team_id": team_id,
            "giver_id": giver_id,
            "receiver_id": receiver_id,
            "value_id": value_id,
            "message": message,
            "channel_id": channel_id,
            "created_at": created_at,
            "request_key": request_key,
            "is_private": is_private,
            "source_link": source_link,
        }
        for receiver_id in receiver_ids
    ]
    insert = insert_ignoring_conflicts(session, Kudos).returning(col(Kudos.id))
    inserted = execute_core(session, insert, rows).all()  # executemany: a cached statement
    if inserted:
        return RecordedAct(act_id=act_id, created=True)
    existing = execute_core(
        session,
        select(Kudos.act_id).where(Kudos.team_id == team_id, Kudos.request_key == request_key),
    ).scalar()
    return RecordedAct(act_id=existing or act_id, created=False)


# Built once: on the path of every kudos, building a statement costs more than running it.
_IS_RECORDED = (
    select(Kudos.id)
    .where(Kudos.team_id == bindparam("team_id"), Kudos.request_key == bindparam("request_key"))
    .limit(1)
)


def is_recorded(*, session: Session, team_id: str, request_key: str) -> bool:
    """True when a kudos act was already stored for this request."""
    params = {"team_id": team_id, "request_key": request_key}
    return execute_core(session, _IS_RECORDED, params).first() is not None


_RECORD_COLUMNS = (
    Kudos.id,
    Kudos.act_id,
    Kudos.team_id,
    Kudos.giver_id,
    Kudos.receiver_id,
    CompanyValue.slug,
    CompanyValue.name,
    CompanyValue.emoji,
    Kudos.message,
    Kudos.channel_id,
    Kudos.created_at,
)


def _record_query() -> Select[*tuple[Any, ...]]:
    columns = [col(c) for c in _RECORD_COLUMNS]
    return sa_select(*columns).join(CompanyValue, col(CompanyValue.id) == col(Kudos.value_id))


def iter_kudos(*, session: Session, team_id: str | None = None) -> Iterator[KudosRecord]:
    """Stream kudos oldest first, optionally for one workspace, without loading them all."""
    query = _record_query()
    if team_id is not None:
        query = query.where(col(Kudos.team_id) == team_id)
    rows = session.execute(query.order_by(col(Kudos.id)).execution_options(yield_per=1000))
    for row in rows:
        yield KudosRecord(*row)


def act_exists(*, session: Session, team_id: str, act_id: str) -> bool:
    """Whether the act is still stored (a reaction kudos can be withdrawn)."""
    query = sa_select(col(Kudos.id)).where(
        col(Kudos.team_id) == team_id, col(Kudos.act_id) == act_id
    )
    return session.execute(query.limit(1)).first() is not None


def recent_kudos_received(
    *, session: Session, team_id: str, user_id: str, limit: int = 5
) -> list[KudosRecord]:
    """The newest kudos a person received."""
    query = (
        _record_query()
        .where(col(Kudos.team_id) == team_id, col(Kudos.receiver_id) == user_id)
        .order_by(col(Kudos.created_at).desc(), col(Kudos.id).desc())
        .limit(limit)
    )
    return [KudosRecord(*row) for row in session.execute(query)]


def recent_kudos_given(
    *, session: Session, team_id: str, user_id: str, acts: int = 5
) -> list[KudosRecord]:
    """The newest `acts` kudos a person gave, each whole (one row per recipient): a kudos to
    twenty people is twenty rows, so the limit is on acts, not rows."""
    mine = (col(Kudos.team_id) == team_id, col(Kudos.giver_id) == user_id)
    newest = (
        sa_select(col(Kudos.act_id))
        .where(*mine)
        .group_by(col(Kudos.act_id))
        .order_by(func.max(col(Kudos.id)).desc())
        .limit(acts)
    )
    query = (
        _record_query()
        .where(*mine, col(Kudos.act_id).in_(newest.scalar_subquery()))
        .order_by(col(Kudos.created_at).desc(), col(Kudos.act_id), col(Kudos.id))
    )
    return [KudosRecord(*row) for row in session.execute(query)]
