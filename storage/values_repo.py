"""Repository functions for workspaces and their company values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from bot.values import DEFAULT_VALUES, match_value
from storage.conflicts import insert_ignoring_conflicts
from storage.models import CompanyValue, Workspace


def ensure_workspace(*, session: Session, team_id: str, now: datetime) -> bool:
    """Record a workspace on first sight and seed its default values; True if it was new."""
    insert = insert_ignoring_conflicts(session, Workspace)
    inserted = session.execute(
        insert.values(team_id=team_id, created_at=now).returning(col(Workspace.team_id))
    ).first()
    if inserted is None:
        return False
    session.add_all(
        CompanyValue(
            team_id=team_id,
            slug=spec.slug,
            name=spec.name,
            emoji=spec.emoji,
            description=spec.description,
        )
        for spec in DEFAULT_VALUES
    )
    session.flush()
    return True


def list_values(
    *, session: Session, team_id: str, include_retired: bool = False
) -> Sequence[CompanyValue]:
    """The workspace's values in the order they were added."""
    query = select(CompanyValue).where(CompanyValue.team_id == team_id)
    if not include_retired:
        query = query.where(col(CompanyValue.retired_at).is_(None))
    return session.exec(query.order_by(col(CompanyValue.id))).all()


def find_value(*, session: Session, team_id: str, typed: str) -> CompanyValue | None:
    """The active value matching what a user typed (case, dashes and spaces forgiven)."""
    return match_value(list_values(session=session, team_id=team_id), typed)
