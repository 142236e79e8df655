"""Stream the kudos an export covers from a server-side cursor, so memory stays flat."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from bot.domain.values import value_key
from storage import export_cells
from storage.models import CompanyValue, Kudos

STREAM_BATCH = 2000
FREE_TEXT = frozenset({6, 7, 8})  # value, value_name, message: what people typed
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


def export_columns(dialect: str, *, csv_cells: bool) -> list[Any]:
    """The exported columns, in EXPORT_COLUMNS order (as CSV cells if `csv_cells`)."""
    message = export_cells.as_typed(col(Kudos.message))
    value_columns: list[Any] = [col(CompanyValue.slug), col(CompanyValue.name), message]
    channel: Any = col(Kudos.channel_id)
    private: Any = col(Kudos.is_private)
    if csv_cells:
        value_columns = [export_cells.spreadsheet_safe(c) for c in value_columns]
        channel, private = export_cells.empty_if_null(channel), export_cells.flag_word(private)
    return [
        col(Kudos.id),
        col(Kudos.act_id),
        col(Kudos.team_id),
        export_cells.created_at_iso(dialect),
        col(Kudos.giver_id),
        col(Kudos.receiver_id),
        *value_columns,
        channel,
        private,
    ]


def ordered_query(query: Select[Any], where: ExportFilter) -> Select[Any]:
    """Join the value, filter, and order oldest first (the team/time index gives this order)."""
    joined = query.join(CompanyValue, col(CompanyValue.id) == col(Kudos.value_id))
    order = (col(Kudos.created_at), col(Kudos.id))
    return joined.where(and_(True, *filter_conditions(where))).order_by(*order)


def stream_export_rows(
    *, session: Session, where: ExportFilter, csv_cells: bool = False
) -> Iterator[Sequence[Any]]:
    """Kudos rows in EXPORT_COLUMNS order, oldest first, fetched in batches from a cursor.

    created_at is ISO 8601 UTC text. With `csv_cells`, every cell is ready for CSV: text
    people wrote is neutralised, NULL is empty and the private flag is 'true'/'false'.
    """
    connection = session.connection()
    columns = export_columns(connection.dialect.name, csv_cells=csv_cells)
    query = ordered_query(sa_select(*columns), where)
    result = connection.execute(query.execution_options(yield_per=STREAM_BATCH))
    try:
        for partition in result.partitions():
            yield from partition
    finally:
        result.close()
