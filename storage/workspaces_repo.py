"""Repository functions for a workspace's life: uninstalled, reinstalled, purged."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, update
from sqlmodel import Session, SQLModel, col, select

from storage.models import Workspace
from storage.slack_tables import oauth_states
from storage.values_repo import ensure_workspace


def mark_uninstalled(*, session: Session, team_id: str, now: datetime) -> bool:
    """Record that the app left the workspace; a repeated event keeps the first time."""
    ensure_workspace(session=session, team_id=team_id, now=now)
    statement = (
        update(Workspace)
        .where(col(Workspace.team_id) == team_id, col(Workspace.uninstalled_at).is_(None))
        .values(uninstalled_at=now)
    )
    return bool(session.execute(statement.returning(col(Workspace.team_id))).first())


def clear_uninstalled(*, session: Session, team_id: str, seen_at: datetime | None = None) -> bool:
    """The app is back in the workspace: its data is no longer due for purging.

    With `seen_at` (when a request proved the app installed), a mark made later stays.
    """
    statement = (
        update(Workspace)
        .where(col(Workspace.team_id) == team_id, col(Workspace.uninstalled_at).is_not(None))
        .values(uninstalled_at=None)
    )
    if seen_at is not None:
        statement = statement.where(col(Workspace.uninstalled_at) < seen_at)
    return bool(session.execute(statement.returning(col(Workspace.team_id))).first())


def uninstalled_at(*, session: Session, team_id: str) -> datetime | None:
    """When the app was uninstalled from the workspace, if it is."""
    query = select(Workspace.uninstalled_at).where(Workspace.team_id == team_id)
    return session.exec(query).first()


def uninstalled_before(*, session: Session, cutoff: datetime) -> list[str]:
    """Workspaces uninstalled before `cutoff`, oldest first."""
    query = (
        select(Workspace.team_id)
        .where(col(Workspace.uninstalled_at).is_not(None), col(Workspace.uninstalled_at) < cutoff)
        .order_by(col(Workspace.uninstalled_at))
    )
    return list(session.exec(query).all())


def still_uninstalled_before(
    *, session: Session, team_id: str, cutoff: datetime
) -> datetime | None:
    """Lock the workspace row and return its uninstall time if it is still before `cutoff`."""
    query = (
        select(Workspace.uninstalled_at)
        .where(Workspace.team_id == team_id, col(Workspace.uninstalled_at) < cutoff)
        .with_for_update()
    )
    return session.exec(query).first()


def purge_workspace(*, session: Session, team_id: str) -> dict[str, int]:
    """Delete every row of the workspace from every table with a `team_id` column.

    Tables are emptied dependents first (the reverse of their foreign-key order), so tables
    added later are purged too as long as they carry `team_id`.
    """
    deleted: dict[str, int] = {}
    for table in reversed(SQLModel.metadata.sorted_tables):
        if "team_id" not in table.c:
            continue
        result = session.execute(delete(table).where(table.c.team_id == team_id))
        count = int(getattr(result, "rowcount", 0) or 0)
        if count:
            deleted[table.name] = count
    return deleted


def delete_expired_oauth_states(*, session: Session, now: datetime) -> int:
    """Delete OAuth install states past their expiry (slack_sdk stores naive UTC); how many."""
    cutoff = now.astimezone(UTC).replace(tzinfo=None)
    result = session.execute(delete(oauth_states).where(oauth_states.c.expire_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
