"""Stream the kudos an export covers from a server-side cursor, so memory stays flat."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from bot.values import value_key
from storage.models import CompanyValue, Kudos

STREAM_BATCH = 2000
EXPORT_COLUMNS = (
    "id",
    "act_id",
    "team_id",
    "created_at",
    "giver_id",
    "receiver_id",
    "value",
    "value_name",
    "message",
    "channel_id",
    "private",
)


@dataclass(frozen=True)
class ExportFilter:
    """Which kudos an export covers; `since` is inclusive, `until` exclusive (aware UTC)."""

    team_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    value_ids: frozenset[int] | None = None
    user_id: str | None = None


def matching_value_ids(*, session: Session, team_id: str | None, typed: str) -> frozenset[int]:
    """Ids of the values (retired ones too) whose slug or name matches `typed`."""
    query = sa_select(col(CompanyValue.id), col(CompanyValue.slug), col(CompanyValue.name))
    if team_id is not None:
        query = query.where(col(CompanyValue.team_id) == team_id)
    key = value_key(typed)
    rows = session.execute(query)
    return frozenset(r.id for r in rows if key in (value_key(r.slug), value_key(r.name)))


def filter_conditions(where: ExportFilter) -> list[ColumnElement[bool]]:
    """SQL conditions selecting the kudos `where` covers."""
    conditions: list[ColumnElement[bool]] = []
    if where.team_id is not None:
        conditions.append(col(Kudos.team_id) == where.team_id)
    if where.since is not None:
        conditions.append(col(Kudos.created_at) >= where.since)
    if where.until is not None:
        conditions.append(col(Kudos.created_at) < where.until)
    if where.value_ids is not None:
        conditions.append(col(Kudos.value_id).in_(sorted(where.value_ids)))
    if where.user_id is not None:
        conditions.append(
            or_(col(Kudos.giver_id) == where.user_id, col(Kudos.receiver_id) == where.user_id)
        )
    return conditions


def _rows_query(where: ExportFilter) -> Select[*tuple[Any, ...]]:
    columns = (
        Kudos.id,
        Kudos.act_id,
        Kudos.team_id,
        Kudos.created_at,
        Kudos.giver_id,
        Kudos.receiver_id,
        CompanyValue.slug,
        CompanyValue.name,
        Kudos.message,
        Kudos.channel_id,
        Kudos.is_private,
    )
    query = sa_select(*(col(c) for c in columns)).join(
        CompanyValue, col(CompanyValue.id) == col(Kudos.value_id)
    )
    return query.where(and_(True, *filter_conditions(where))).order_by(col(Kudos.id))


def stream_export_rows(*, session: Session, where: ExportFilter) -> Iterator[Sequence[Any]]:
    """Kudos rows in EXPORT_COLUMNS order, oldest first, fetched in batches from a cursor."""
    query = _rows_query(where).execution_options(yield_per=STREAM_BATCH)
    result = session.connection().execute(query)
    try:
        for partition in result.partitions():
            yield from partition
    finally:
        result.close()
