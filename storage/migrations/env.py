"""Alembic environment: migrate the connection handed over by storage.schema, or the URL."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from storage.models import UTCDateTime  # importing the models registers their tables

config = context.config
target_metadata = SQLModel.metadata


def _render_item(kind: str, obj: Any, _context: AutogenContext) -> str | Literal[False]:
    """Write app-specific column types as plain SQLAlchemy types in generated migrations."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on a shared connection, or on one opened from the configured URL."""
    shared = config.attributes.get("connection")
    if shared is not None:
        _run(shared)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as connection:
        _run(connection)


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run `kudos-bot db upgrade`.")
run_migrations_online()
