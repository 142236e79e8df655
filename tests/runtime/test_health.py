"""/healthz tells the truth about writes: a probe write in its own transaction, and on SQLite the
file at the configured path must still be the one the app opened."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from bot.runtime.health import HealthCheck
from storage import health_repo
from storage.database import Database
from storage.health_repo import (
    DISK_FULL,
    FILE_MISSING,
    FILE_REPLACED,
    READ_ONLY,
    WriteProbe,
    sqlite_file,
)
from storage.models import HealthProbe
from storage.schema import upgrade_schema

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    """A migrated SQLite database in its own folder, and the path of its file."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "kudos.db"
    database = Database.from_url(f"sqlite:///{path}")
    upgrade_schema(database.engine)
    yield database, path
    database.dispose()


def _reason(probe: WriteProbe) -> str | None:
    problem = probe.problem(now=NOW)
    return None if problem is None else problem.reason


def test_the_probe_writes_one_row(database: Database) -> None:
    probe = WriteProbe(database)
    assert probe.problem(now=NOW) is None
    assert probe.problem(now=NOW.replace(hour=10)) is None
    with database.transaction() as session:
        rows = session.exec(select(HealthProbe)).all()
    assert [(row.id, row.checked_at) for row in rows] == [(1, NOW.replace(hour=10))]


def test_healthz_is_200_with_the_backlog(database: Database) -> None:
    status, body = HealthCheck(database).answer()
    assert status == "200 OK"
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert body["queue"]["queued"] == 0


def test_a_deleted_file_is_503_and_logged_once(
    sqlite_db: tuple[Database, Path], caplog: pytest.LogCaptureFixture
) -> None:
    database, path = sqlite_db
    health = HealthCheck(database)
    assert health.answer()[0] == "200 OK"
    path.unlink()
    with caplog.at_level(logging.INFO, logger="bot.runtime.health"):
        answers = [health.answer() for _ in range(3)]
    assert {status for status, _ in answers} == {"503 Service Unavailable"}
    assert answers[0][1] == {
        "status": "unavailable",
        "database": "not-writable",
        "reason": FILE_MISSING,
    }
    assert [r.levelname for r in caplog.records] == ["ERROR"]
    assert not path.exists()  # the check did not make a new, empty database there


def test_a_file_moved_away_and_back(
    sqlite_db: tuple[Database, Path], caplog: pytest.LogCaptureFixture
) -> None:
    database, path = sqlite_db
    probe = WriteProbe(database)
    elsewhere = path.with_name("moved.db")
    path.rename(elsewhere)
    assert _reason(probe) == FILE_MISSING
    elsewhere.rename(path)
    assert _reason(probe) is None


def test_a_folder_moved_away(sqlite_db: tuple[Database, Path]) -> None:
    database, path = sqlite_db
    probe = WriteProbe(database)
    path.parent.rename(path.parent.with_name("old-data"))
    assert _reason(probe) == FILE_MISSING


def test_a_file_replaced_by_a_copy(sqlite_db: tuple[Database, Path]) -> None:
    database, path = sqlite_db
    probe = WriteProbe(database)
    copy = path.with_name("copy.db")
    shutil.copyfile(path, copy)
    copy.replace(path)
    assert _reason(probe) == FILE_REPLACED


def _sqlite_full() -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorname = "SQLITE_FULL"  # what the sqlite3 module sets on SQLITE_FULL
    return error


@pytest.mark.parametrize(
    "cause",
    [_sqlite_full(), psycopg.errors.DiskFull("could not extend file: No space left on device")],
    ids=["sqlite", "postgres"],
)
def test_a_full_disk_is_named_disk_full(
    sqlite_db: tuple[Database, Path], monkeypatch: pytest.MonkeyPatch, cause: Exception
) -> None:
    """What each driver raises when the disk is full (no disk is filled here: the probe's
    write raises it) is reported as disk-full, not as a generic failed write."""

    def full(**_: object) -> None:
        raise OperationalError("UPDATE health_probe", {}, cause)

    monkeypatch.setattr(health_repo, "touch_health_probe", full)
    database, _ = sqlite_db
    problem = WriteProbe(database).problem(now=NOW)
    assert problem is not None
    assert problem.reason == DISK_FULL
    assert "full" in problem.detail or "No space" in problem.detail


def test_a_read_only_sqlite_database(sqlite_db: tuple[Database, Path]) -> None:
    database, path = sqlite_db
    assert WriteProbe(database).problem(now=NOW) is None  # the row exists, WAL files too
    read_only = Database.from_url(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        assert sqlite_file(read_only.engine) == path
        assert _reason(WriteProbe(read_only)) == READ_ONLY
    finally:
        read_only.dispose()


@pytest.mark.postgres
def test_a_read_only_postgres_database(postgres_database: Database) -> None:
    probe = WriteProbe(postgres_database)
    assert probe.problem(now=NOW) is None
    _default_read_only(postgres_database, "on")
    try:
        problem = probe.problem(now=NOW)
        assert problem is not None
        assert problem.reason == READ_ONLY
        assert "read-only" in problem.detail
    finally:
        _default_read_only(postgres_database, "off")
    assert probe.problem(now=NOW) is None


def _default_read_only(database: Database, value: str) -> None:
    """Set default_transaction_read_only for new sessions of this database, then reconnect."""
    with database.engine.connect() as connection:
        connection.execute(text("SET TRANSACTION READ WRITE"))  # this session may be read-only
        name = connection.execute(text("SELECT current_database()")).scalar_one()
        setting = f'ALTER DATABASE "{name}" SET default_transaction_read_only = {value}'
        connection.execute(text(setting))
        connection.commit()
    database.engine.dispose()


def test_a_schema_without_the_probe_table_is_only_read(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'bare.db'}")  # never migrated
    try:
        assert WriteProbe(database).problem(now=NOW) is None
        assert HealthCheck(database).answer()[0] == "200 OK"
    finally:
        database.dispose()


def test_in_memory_sqlite_has_no_file_to_check() -> None:
    database = Database.from_url("sqlite://")
    assert sqlite_file(database.engine) is None
    assert HealthCheck(database).answer()[0] == "200 OK"
