"""Who may do what: workspace admins and owners, plus roles the workspace grants."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from bot.domain.recipients import Person


class Role(StrEnum):
    """Roles a workspace admin can grant with `/kudos managers` and `/kudos hr`."""

    MANAGER = "manager"
    HR = "hr"


def is_workspace_admin(person: Person) -> bool:
    """Slack workspace admins and owners."""
    return person.is_admin or person.is_owner


def has_role_or_admin(person: Person, roles: Collection[Role], role: Role) -> bool:
    """True for workspace admins/owners and for holders of `role`."""
    return is_workspace_admin(person) or role in roles
