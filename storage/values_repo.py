"""Repository functions for workspaces and their company values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from bot.domain.values import DEFAULT_VALUES, match_value
from storage.conflicts import insert_ignoring_conflicts
from storage.core_statements import execute_core
from storage.models import CompanyValue, Workspace

# Built once: on the path of every kudos, building a statement costs more than running it.
_KNOWN_WORKSPACE = select(Workspace.team_id).where(Workspace.team_id == bindparam("team_id"))
_ALL_VALUES = (
    select(CompanyValue)
    .where(CompanyValue.team_id == bindparam("team_id"))
    .order_by(col(CompanyValue.id))
)
_ACTIVE_VALUES = _ALL_VALUES.where(col(CompanyValue.retired_at).is_(None))


def ensure_workspace(*, session: Session, team_id: str, now: datetime) -> bool:
    """Record a workspace on first sight and seed its default values; True if it was new."""
    if execute_core(session, _KNOWN_WORKSPACE, {"team_id": team_id}).first() is not None:
        return False
    insert = insert_ignoring_conflicts(session, Workspace)
    inserted = execute_core(
        session, insert.values(team_id=team_id, created_at=now).returning(col(Workspace.team_id))
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
    query = _ALL_VALUES if include_retired else _ACTIVE_VALUES
    return session.exec(query, params={"team_id": team_id}).all()


def find_value(*, session: Session, team_id: str, typed: str) -> CompanyValue | None:
    """The active value matching what a user typed (case, dashes and spaces forgiven)."""
    return match_value(list_values(session=session, team_id=team_id), typed)
