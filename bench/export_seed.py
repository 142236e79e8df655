"""Bulk seeding for the export benchmark: SQLite with executemany (cached), PostgreSQL with COPY."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from bot.config import normalize_database_url
from storage.database import Database
from storage.schema import upgrade_schema
from storage.values_repo import ensure_workspace, list_values

TEAM = "TBENCH"
COLUMNS = (
    "act_id", "team_id", "giver_id", "receiver_id", "value_id", "message", "channel_id",
    "created_at", "request_key", "is_private",
)  # fmt: skip
MESSAGES = (
    "stayed on after the outage to call back every customer",
    "rewrote the onboarding guide, so the new hires were productive on day one",
    '=HYPERLINK("http://example.com","thanks") for the spreadsheet help',
    "-40% build time after the cache change, thank you!",
    "Danke für die Geduld beim Review, und für die Erklärungen 🙏",
    'covered the on-call shift, with a comma, and "quotes", too',
    "paired with me for two hours\nand found the race in the scheduler",
)
_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def _rows(count: int, value_ids: list[int]) -> Iterator[tuple[object, ...]]:
    for i in range(count):
        created = _EPOCH + timedelta(seconds=31 * i)
        yield (
            f"{i:032x}", TEAM, f"UG{i % 499:05d}", f"UR{(i * 7) % 503:05d}",
            value_ids[i % len(value_ids)], MESSAGES[i % len(MESSAGES)], f"C{i % 13:08d}",
            created.strftime("%Y-%m-%d %H:%M:%S.%f"), f"bench-{i}", int(i % 17 == 0),
        )  # fmt: skip


def _prepare(url: str) -> list[int]:
    database = Database.from_url(url)
    upgrade_schema(database.engine)
    with database.transaction() as session:
        ensure_workspace(session=session, team_id=TEAM, now=_EPOCH)
        ids = [v.id for v in list_values(session=session, team_id=TEAM) if v.id is not None]
    database.dispose()
    return ids


def seed_sqlite(db: Path, count: int) -> None:
    """Create `db` with `count` kudos unless it already holds them (the cache)."""
    if db.exists():
        with closing(sqlite3.connect(db)) as connection:
            if connection.execute("SELECT count(*) FROM kudos").fetchone() == (count,):
                return
        db.unlink()
    started = time.perf_counter()
    value_ids = _prepare(f"sqlite:///{db}")
    with closing(sqlite3.connect(db)) as connection, connection:
        placeholders = ", ".join("?" for _ in COLUMNS)
        connection.executemany(
            f"INSERT INTO kudos ({', '.join(COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
            _rows(count, value_ids),
        )
    print(f"seeded {db} with {count:,} kudos in {time.perf_counter() - started:.1f} s")


def seed_postgres(url: str, sqlite_db: Path) -> None:
    """Copy the SQLite seed's kudos into the PostgreSQL database at `url` with COPY."""
    slugs, ids = _slugs(f"sqlite:///{sqlite_db}"), _prepare(normalize_database_url(url))
    by_slug = dict(zip(slugs, ids, strict=True))
    columns = ", ".join(f"k.{c}" for c in COLUMNS)
    select = f"SELECT {columns}, v.slug FROM kudos k JOIN company_value v ON v.id = k.value_id"  # noqa: S608
    copy = f"COPY kudos ({', '.join(COLUMNS)}) FROM STDIN"
    with closing(sqlite3.connect(sqlite_db)) as source, psycopg.connect(url) as target:
        with target.cursor() as cursor, cursor.copy(copy) as writer:
            for *row, slug in source.execute(select):
                row[4] = by_slug[slug]
                row[7] = row[7] + "+00"
                row[9] = bool(row[9])
                writer.write_row(row)
        target.execute("ANALYZE kudos")


def _slugs(url: str) -> list[str]:
    database = Database.from_url(url)
    with database.transaction() as session:
        slugs = [v.slug for v in list_values(session=session, team_id=TEAM)]
    database.dispose()
    return slugs


@contextmanager
def throwaway_postgres(admin_url: str) -> Iterator[str]:
    """A fresh database on the server at `admin_url` (a postgresql:// URL), dropped afterwards."""
    name = f"kudos_bench_{uuid.uuid4().hex[:10]}"
    plain = make_url(admin_url).set(drivername="postgresql")
    with psycopg.connect(plain.render_as_string(hide_password=False), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield plain.set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
