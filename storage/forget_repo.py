"""Forget a person in one workspace: blank what they wrote, replace their id by a pseudonym."""

from __future__ import annotations

from sqlalchemy import Column, ColumnElement, Table, delete, or_, select, update
from sqlmodel import Session, SQLModel, col

from bot.domain.pseudonym import replace_mentions
from storage.models import (
    ChannelSchedule,
    ExportLog,
    HomeVisit,
    Kudos,
    PersonPreferences,
    ReactionSettings,
    RoleGrant,
    Task,
    WorkspaceSettings,
)
from storage.slack_tables import installations

BLANKED_MESSAGE = ""


def _table(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


# Every column holding a person's user id, next to a team_id column. A feature that stores
# user ids adds its columns here so `kudos-bot forget-user` reaches them.
USER_ID_COLUMNS: list[Column[str]] = [
    _table(Kudos).c.giver_id,
    _table(Kudos).c.receiver_id,
    _table(RoleGrant).c.granted_by,
    _table(ChannelSchedule).c.subscribed_by,
    _table(WorkspaceSettings).c.updated_by,
    _table(ReactionSettings).c.updated_by,
    _table(ExportLog).c.requested_by,
    installations.c.user_id,
]


def _mentions(user_id: str) -> ColumnElement[bool]:
    """Kudos whose message mentions `user_id` (`<@U1>` or `<@U1|ana>`); LIKE wildcards escaped."""
    message = col(Kudos.message)
    return or_(
        message.contains(f"<@{user_id}>", autoescape=True),
        message.contains(f"<@{user_id}|", autoescape=True),
    )


def teams_with_user(*, session: Session, user_id: str) -> list[str]:
    """The workspaces in which `user_id` appears anywhere, a mention in a message included."""
    mentioned = select(col(Kudos.team_id)).where(_mentions(user_id)).distinct()
    teams = set(session.execute(mentioned).scalars())
    for column in [
        *USER_ID_COLUMNS,
        _table(RoleGrant).c.user_id,
        _table(PersonPreferences).c.user_id,
        _table(HomeVisit).c.user_id,
    ]:
        query = select(column.table.c.team_id).where(column == user_id).distinct()
        teams.update(t for t in session.execute(query).scalars() if t)
    return sorted(teams)


def _rewrite_mentions(session: Session, team_id: str, user_id: str, replacement: str) -> int:
    query = select(col(Kudos.id), col(Kudos.message)).where(
        col(Kudos.team_id) == team_id, _mentions(user_id)
    )
    changed = 0
    for kudos_id, message in session.execute(query).all():
        rewritten = replace_mentions(message, user_id, replacement)
        if rewritten != message:
            session.execute(
                update(Kudos).where(col(Kudos.id) == kudos_id).values(message=rewritten)
            )
            changed += 1
    return changed


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _blank_messages(session: Session, team_id: str, user_id: str) -> int:
    statement = (
        update(Kudos)
        .where(
            col(Kudos.team_id) == team_id,
            col(Kudos.giver_id) == user_id,
            col(Kudos.message) != BLANKED_MESSAGE,
        )
        .values(message=BLANKED_MESSAGE)
    )
    return _count(session.execute(statement))


def _remove_roles(session: Session, team_id: str, user_id: str) -> int:
    statement = delete(RoleGrant).where(
        col(RoleGrant.team_id) == team_id, col(RoleGrant.user_id) == user_id
    )
    return _count(session.execute(statement))


def _remove_own_rows(
    session: Session, model: type[PersonPreferences] | type[HomeVisit], team_id: str, user_id: str
) -> int:
    statement = delete(model).where(col(model.team_id) == team_id, col(model.user_id) == user_id)
    return _count(session.execute(statement))


def _delete_user_tokens(session: Session, team_id: str, user_id: str) -> int:
    statement = (
        update(installations)
        .where(installations.c.team_id == team_id, installations.c.user_id == user_id)
        .where(installations.c.user_token.is_not(None))
        .values(user_token=None, user_refresh_token=None, user_scopes=None)
    )
    return _count(session.execute(statement))


def _delete_finished_tasks(session: Session, team_id: str, user_id: str) -> int:
    """Finished tasks keep what they delivered (ids, messages) for a week: drop theirs now."""
    statement = delete(Task).where(
        col(Task.team_id) == team_id,
        col(Task.status).in_(["done", "failed"]),
        col(Task.payload).contains(user_id),
    )
    return _count(session.execute(statement))


def forget_user(
    *, session: Session, team_id: str, user_id: str, replacement: str
) -> dict[str, int]:
    """Erase a person in one workspace; returns what changed, by what it was. Idempotent."""
    changes = {
        "kudos messages they wrote, blanked": _blank_messages(session, team_id, user_id),
        "mentions of them in others' messages": _rewrite_mentions(
            session, team_id, user_id, replacement
        ),
        "roles they held, removed": _remove_roles(session, team_id, user_id),
        "their Home settings, removed": _remove_own_rows(
            session, PersonPreferences, team_id, user_id
        ),
        "when they last opened Home, removed": _remove_own_rows(
            session, HomeVisit, team_id, user_id
        ),
        "their user tokens, deleted": _delete_user_tokens(session, team_id, user_id),
        "finished tasks about them, deleted": _delete_finished_tasks(session, team_id, user_id),
    }
    for column in USER_ID_COLUMNS:
        table = column.table
        statement = (
            update(table)
            .where(table.c.team_id == team_id, column == user_id)
            .values({column.name: replacement})
        )
        changes[f"{table.name}.{column.name}"] = _count(session.execute(statement))
    return changes
