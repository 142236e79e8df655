"""Shared fixtures: databases on both backends, and the end-to-end stack (one per backend)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.database import Database
from storage.schema import upgrade_schema
from tests.support.databases import TABLES, throwaway_postgres
from tests.support.e2e import BACKENDS, Stack, Workspace, fresh_workspace, start_stack


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for the whole session."""
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL on each backend."""
    if request.param == "postgres":
        url: str = request.getfixturevalue("postgres_url")
        return url
    return f"sqlite:///{tmp_path / 'kudos.db'}"


def _migrated(url: str) -> Iterator[Database]:
    db = Database.from_url(url)
    upgrade_schema(db.engine)
    yield db
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    db.dispose()


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated, empty database."""
    yield from _migrated(database_url)


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[Database]:
    """A migrated, empty PostgreSQL database, for what only PostgreSQL does."""
    yield from _migrated(postgres_url)


@pytest.fixture(scope="session", params=BACKENDS)
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """The real server, its fake Slack and its database, once per backend (and test process):
    each test gets a workspace of its own (`ws`), so no test sees another's rows or calls."""
    yield from start_stack(request.param, tmp_path_factory)


@pytest.fixture(scope="module", params=BACKENDS)
def module_stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """A server for one test module alone, for a module that overrides `stack` with it: one
    whose tests measure everything the server logs or stores, or leave work held for minutes."""
    yield from start_stack(request.param, tmp_path_factory)


@pytest.fixture
def ws(stack: Stack) -> Workspace:
    """A clean fake Slack and a new workspace id, for one end-to-end test."""
    return fresh_workspace(stack)
