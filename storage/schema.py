"""Schema migrations with Alembic, run on start or by `kudos-bot db upgrade`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_ID = 7_420_231_001  # any constant: serialises upgrades of app processes starting together


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at this package's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest schema; safe when several processes start at once."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def head_revision() -> str | None:
    """The newest revision this code ships."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None before the first upgrade."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
