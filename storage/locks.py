"""Transaction-scoped locks that serialise check-then-insert sequences on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from storage.core_statements import execute_core

_ADVISORY_XACT_LOCK = text("SELECT pg_advisory_xact_lock(hashtext(:key))")


def lock_giver(session: Session, *, team_id: str, giver_id: str) -> None:
    """Hold a per-giver lock until the transaction ends, so limits are counted race-free.

    SQLite has one writer at a time already; there this is a no-op.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    key = f"kudos-giver:{team_id}:{giver_id}"
    execute_core(session, _ADVISORY_XACT_LOCK, {"key": key})
