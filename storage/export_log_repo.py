"""Repository functions for the export log: every export, CLI or Slack, is recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from storage.models import ExportLog


def record_export(
    *,
    session: Session,
    team_id: str | None,
    requested_by: str,
    requested_at: datetime,
    range_start: datetime | None,
    range_end: datetime | None,
    format: str,
    summary: bool,
    row_count: int,
) -> ExportLog:
    """Store one export: who (a user id, or "cli"), when, which range, format and row count."""
    entry = ExportLog(
        team_id=team_id,
        requested_by=requested_by,
        requested_at=requested_at,
        range_start=range_start,
        range_end=range_end,
        format=format,
        summary=summary,
        row_count=row_count,
    )
    session.add(entry)
    session.flush()
    return entry


def recent_exports(*, session: Session, team_id: str, limit: int = 10) -> Sequence[ExportLog]:
    """The newest exports that covered this workspace (CLI exports of all of them too)."""
    query = (
        select(ExportLog)
        .where(or_(col(ExportLog.team_id) == team_id, col(ExportLog.team_id).is_(None)))
        .order_by(col(ExportLog.requested_at).desc(), col(ExportLog.id).desc())
        .limit(limit)
    )
    return session.exec(query).all()
