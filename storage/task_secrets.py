"""Taking a spent secret out of the stored tasks: a workflow step's token, once the step has
ended (Slack revokes it then), leaves every task payload that carried it instead of waiting
there for the queue's purge. One scan of the task table per step that ends: steps are rare."""

from __future__ import annotations

from sqlalchemy import Table, func, update
from sqlmodel import Session

from storage.models import Task as TaskModel

_TABLE: Table = TaskModel.__table__  # type: ignore[attr-defined]  # Core: no ORM work
_C = _TABLE.c
_ESCAPE = "\\"


def _containing(secret: str) -> str:
    """A LIKE pattern matching text that contains `secret` as it is."""
    for special in (_ESCAPE, "%", "_"):
        secret = secret.replace(special, _ESCAPE + special)
    return f"%{secret}%"


def forget_secret(*, session: Session, secret: str) -> int:
    """Replace `secret` by the empty string in every task payload holding it, in the caller's
    transaction; how many tasks held it. A token lives inside a JSON string and needs no
    escaping there, so the payload stays valid JSON (the field reads as "")."""
    if not secret:
        return 0
    statement = (
        update(_TABLE)
        .where(_C.payload.like(_containing(secret), escape=_ESCAPE))
        .values(payload=func.replace(_C.payload, secret, ""))
    )
    return int(getattr(session.execute(statement), "rowcount", 0) or 0)
