"""INSERT ... ON CONFLICT DO NOTHING / DO UPDATE, for whichever backend the session is bound to."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def _insert(session: Session, model: type[SQLModel]) -> Any:
    table = model.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"unsupported database backend: {dialect}")


def insert_ignoring_conflicts(session: Session, model: type[SQLModel]) -> Any:
    """An insert into `model`'s table that silently skips rows violating a unique constraint."""
    return _insert(session, model).on_conflict_do_nothing()


def upsert(session: Session, model: type[SQLModel], row: dict[str, Any], *, keys: list[str]) -> Any:
    """An insert of `row` that, when a row with the same `keys` exists, updates it instead."""
    statement = _insert(session, model).values(**row)
    changed = {name: statement.excluded[name] for name in row if name not in keys}
    return statement.on_conflict_do_update(index_elements=keys, set_=changed)
