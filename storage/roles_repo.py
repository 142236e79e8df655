"""Repository functions for roles granted within a workspace."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, delete, select

from bot.domain.permissions import Role
from storage.conflicts import insert_ignoring_conflicts
from storage.models import RoleGrant


def grant_role(
    *, session: Session, team_id: str, user_id: str, role: Role, granted_by: str, now: datetime
) -> bool:
    """Grant `role`; False when the person already had it."""
    insert = insert_ignoring_conflicts(session, RoleGrant).values(
        team_id=team_id, user_id=user_id, role=role.value, granted_by=granted_by, granted_at=now
    )
    return session.execute(insert.returning(col(RoleGrant.id))).first() is not None


def revoke_role(*, session: Session, team_id: str, user_id: str, role: Role) -> bool:
    """Take `role` away; False when the person did not have it."""
    statement = delete(RoleGrant).where(
        col(RoleGrant.team_id) == team_id,
        col(RoleGrant.user_id) == user_id,
        col(RoleGrant.role) == role.value,
    )
    return bool(session.execute(statement.returning(col(RoleGrant.id))).first())


def roles_of(*, session: Session, team_id: str, user_id: str) -> frozenset[Role]:
    """The roles a person holds in a workspace."""
    rows = session.exec(
        select(RoleGrant.role).where(RoleGrant.team_id == team_id, RoleGrant.user_id == user_id)
    ).all()
    return frozenset(Role(r) for r in rows)


def role_holders(*, session: Session, team_id: str, role: Role) -> list[str]:
    """Everyone holding `role`, in the order they were granted it."""
    query = (
        select(RoleGrant.user_id)
        .where(RoleGrant.team_id == team_id, RoleGrant.role == role.value)
        .order_by(col(RoleGrant.id))
    )
    return list(session.exec(query).all())
