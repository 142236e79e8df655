"""End to end: /healthz of the real server answers 503 when the database cannot take a write
(the SQLite file deleted, moved or replaced while it runs; PostgreSQL gone read-only)."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.support.databases import throwaway_postgres
from tests.support.e2e import wait_until
from tests.support.fake_slack import FakeSlack
from tests.support.live_server import AppProcess, start_server


def _health(app: AppProcess) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"{app.base_url}/healthz", timeout=5) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _reason(app: AppProcess) -> str | None:
    status, body = _health(app)
    assert (status == 200) == (body["status"] == "ok")
    return None if status == 200 else str(body["reason"])


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[tuple[AppProcess, Path]]:
    """The real server on a SQLite file in its own folder, and that file."""
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "kudos.db"
    with FakeSlack() as slack:
        app = start_server(
            database_url=f"sqlite:///{path}", slack_api_url=slack.api_url, workdir=tmp_path
        )
        try:
            yield app, path
        finally:
            app.stop()


def test_a_deleted_sqlite_file_is_503(sqlite_server: tuple[AppProcess, Path]) -> None:
    app, path = sqlite_server
    status, body = _health(app)
    assert status == 200
    assert set(body) == {"status", "database", "queue"}
    path.unlink()
    status, body = _health(app)
    assert status == 503
    assert body == {"status": "unavailable", "database": "not-writable", "reason": "file-missing"}
    assert _reason(app) == "file-missing"  # still, and logged once
    assert app.log().count("unhealthy, file-missing") == 1


def test_a_moved_or_replaced_sqlite_file_is_503(sqlite_server: tuple[AppProcess, Path]) -> None:
    app, path = sqlite_server
    elsewhere = path.with_name("moved.db")
    path.rename(elsewhere)
    assert _reason(app) == "file-missing"
    elsewhere.rename(path)
    assert _reason(app) is None
    assert "healthy again" in app.log()
    shutil.copyfile(path, elsewhere)
    elsewhere.replace(path)  # same name, another file: new connections would open the copy
    assert _reason(app) == "file-replaced"


@pytest.mark.postgres
def test_a_read_only_postgres_database_is_503(tmp_path: Path) -> None:
    with throwaway_postgres() as url, FakeSlack() as slack:
        app = start_server(database_url=url, slack_api_url=slack.api_url, workdir=tmp_path)
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            assert _reason(app) is None
            _read_only(admin, "on")
            wait_until(lambda: _reason(app) == "read-only", "/healthz saying read-only")
            _read_only(admin, "off")
            wait_until(lambda: _reason(app) is None, "/healthz healthy again")
        finally:
            admin.dispose()
            app.stop()


def _read_only(admin: Any, value: str) -> None:
    """Make new sessions of the database read-only (or not) and end the server's sessions, as a
    failover to a read-only server would."""
    with admin.connect() as connection:
        connection.execute(text("SET default_transaction_read_only = off"))
        name = connection.execute(text("SELECT current_database()")).scalar_one()
        setting = f'ALTER DATABASE "{name}" SET default_transaction_read_only = {value}'
        connection.execute(text(setting))
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
