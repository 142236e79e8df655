"""The database a benchmark run writes to, how to describe it, and what it stored."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.config import normalize_database_url
from storage.database import Database
from storage.home_visits_repo import record_home_opened
from storage.kudos_repo import iter_kudos
from storage.values_repo import ensure_workspace

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_server_url() -> str:
    """The PostgreSQL server benchmarks use: BENCH_POSTGRES_URL, TEST_DATABASE_URL, or local."""
    return os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_DATABASE_URL") or PG_DEFAULT


def postgres_reachable(server_url: str) -> bool:
    """True when the server answers."""
    engine = create_engine(normalize_database_url(server_url))
    try:
        with engine.connect():
            return True
    except OperationalError:
        return False
    finally:
        engine.dispose()


@contextlib.contextmanager
def throwaway_postgres(server_url: str) -> Iterator[str]:
    """A fresh database on the server `server_url` names; dropped afterwards."""
    admin_url = normalize_database_url(server_url)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"kudos_bench_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextlib.contextmanager
def bench_database(url: str | None, workdir: Path) -> Iterator[str]:
    """The database URL to run against: a temp SQLite file, a given SQLite URL, or a fresh
    database on the given PostgreSQL server."""
    if url is None:
        yield f"sqlite:///{workdir / 'kudos.db'}"
    elif url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        with throwaway_postgres(url) as fresh:
            yield fresh
    else:
        yield url


def describe_database(url: str) -> str:
    """The backend, for the environment line."""
    if url.startswith("sqlite"):
        return "sqlite (file, WAL)"
    engine = create_engine(normalize_database_url(url))
    try:
        with engine.connect() as connection:
            server_version = connection.execute(text("SHOW server_version")).scalar()
    finally:
        engine.dispose()
    return f"postgresql {server_version} ({make_url(url).host}:{make_url(url).port})"


def stored_kudos(url: str, team_id: str) -> tuple[int, int]:
    """(kudos rows, distinct acts) stored for the bench's workspace."""
    database = Database.from_url(normalize_database_url(url))
    try:
        with database.transaction() as session:
            records = list(iter_kudos(session=session, team_id=team_id))
    finally:
        database.dispose()
    return len(records), len({record.act_id for record in records})


def seed_home_visits(url: str, team_id: str, user_ids: Iterable[str]) -> None:
    """Record that these people just opened Home, so every kudos refreshes theirs."""
    database = Database.from_url(normalize_database_url(url))
    now = datetime.now(UTC)
    try:
        with database.transaction() as session:
            ensure_workspace(session=session, team_id=team_id, now=now)
            for user_id in user_ids:
                record_home_opened(session=session, team_id=team_id, user_id=user_id, now=now)
    finally:
        database.dispose()
