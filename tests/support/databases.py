"""Test databases: a SQLite file per test, and a throwaway PostgreSQL database per session."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.config import normalize_database_url

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
TABLES = (
    "kudos",
    "company_value",
    "workspace",
    "slack_installations",
    "slack_bots",
    "slack_oauth_states",
    "export_log",
    "task",
)


def _postgres_admin_url() -> str:
    return normalize_database_url(os.environ.get("TEST_DATABASE_URL") or PG_DEFAULT)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required under CI=true but {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available ({reason}); set TEST_DATABASE_URL to run these")


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Create a fresh database on the test server, yield its URL, drop it afterwards."""
    admin_url = _postgres_admin_url()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"kudos_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        _unavailable(f"cannot connect to {make_url(admin_url).render_as_string()}: {error.orig}")
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
