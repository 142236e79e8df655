"""Core statements (on tables, not ORM entities) run on the session's own connection.

Same transaction, same SQL; what is left out is the ORM's execute path (bind lookup, execute
events, autoflush, ORM result handling), which through `Session.execute` costs about as much
CPU as the rest of a short statement. The one difference a caller can see: objects added to the
session and not flushed yet are not flushed first, so a statement that must see them needs
`session.flush()` before it (no caller of this module adds ORM objects of the tables it reads).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.engine import CursorResult
from sqlalchemy.sql import Executable
from sqlmodel import Session


def execute_core(
    session: Session,
    statement: Executable,
    params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
) -> CursorResult[Any]:
    """Run `statement` in the session's transaction, on its connection."""
    return session.connection().execute(statement, params)
