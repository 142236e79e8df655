"""Benchmark: compose the weekly digest for a 10,000-person workspace holding 1,000,000 kudos.

    python -m bench.digest_compose [--kudos 1000000] [--people 10000] [--backend sqlite|postgres]

Loads three years of kudos into a scratch SQLite file and a throwaway PostgreSQL database
(TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test), then times, in the same
process: the bare SQL aggregate a digest needs (the ceiling), and the whole digest (aggregates,
newest kudos and Block Kit composition), for the whole workspace and for a 300-person channel
(whose bare query has the same member filter).
Prints medians and the ratio to the bare query. Not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func
from sqlalchemy import select as sa_select
from sqlmodel import col

from bench.databases import postgres_server_url, throwaway_postgres
from bot.blocks.digest import compose_digest
from bot.domain.prompts import PROMPTS
from bot.domain.schedule import Weekly, latest_slot, week_before
from storage.database import Database
from storage.digest_repo import week_kudos
from storage.models import Kudos
from storage.schema import upgrade_schema
from storage.values_repo import ensure_workspace, list_values

TEAM = "TBENCH"
END = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
YEARS = 3
WEEKLY = Weekly(0, datetime.min.time().replace(hour=9), "Europe/Berlin")
COLUMNS = (
    "act_id, team_id, giver_id, receiver_id, value_id, message, channel_id, created_at, "
    "request_key, is_private"
)


def _bare(start: datetime, end: datetime, receivers: set[str] | None) -> Select[int, int]:
    """One statement: the week's kudos and people counts, as the digest's header needs them."""
    statement = sa_select(
        func.count(func.distinct(col(Kudos.act_id))),
        func.count(func.distinct(col(Kudos.receiver_id))),
    ).where(
        col(Kudos.team_id) == TEAM,
        col(Kudos.created_at) >= start,
        col(Kudos.created_at) < end,
        col(Kudos.is_private).is_(False),
    )
    if receivers is not None:
        statement = statement.where(col(Kudos.receiver_id).in_(sorted(receivers)))
    return statement


def _rows(kudos: int, people: int, value_ids: list[int], sqlite: bool) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(42)  # noqa: S311 - benchmark data, not security
    span = YEARS * 365 * 24 * 3600
    start = END - timedelta(seconds=span)
    for i in range(kudos):
        at = start + timedelta(seconds=rng.randrange(span))
        stamp: Any = at.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else at
        giver, receiver = rng.randrange(people), rng.randrange(people)
        yield (
            uuid.UUID(int=i).hex,
            TEAM,
            f"U{giver:06d}",
            f"U{receiver:06d}",
            rng.choice(value_ids),
            f"thanks for the help with ticket {i}, it made a real difference",
            "CBENCH",
            stamp,
            f"bench-{i}",
            rng.random() < 0.02,
        )


def _load(database: Database, kudos: int, people: int) -> None:
    with database.transaction() as session:
        ensure_workspace(session=session, team_id=TEAM, now=END)
        value_ids = [v.id or 0 for v in list_values(session=session, team_id=TEAM)]
    sqlite = database.engine.dialect.name == "sqlite"
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        rows = _rows(kudos, people, value_ids, sqlite)
        if sqlite:
            marks = ", ".join("?" * 10)
            insert = f"INSERT INTO kudos ({COLUMNS}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(insert, list(rows))
            cursor.execute("ANALYZE")
        else:
            with cursor.copy(f"COPY kudos ({COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        raw.commit()
        if not sqlite:
            cursor.execute("ANALYZE kudos")
            raw.commit()
    finally:
        raw.close()


def _median_ms(run: Callable[[], object], repeats: int) -> float:
    run()  # warm up caches and the connection pool
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _measure(database: Database, people: int, repeats: int) -> dict[str, tuple[float, float]]:
    """Median (bare query, whole digest) milliseconds for each scope."""
    slot = latest_slot(WEEKLY, END)
    start, end = week_before(WEEKLY, slot)
    channel = {f"U{i:06d}" for i in random.Random(7).sample(range(people), 300)}  # noqa: S311

    def bare(receivers: set[str] | None) -> Callable[[], object]:
        statement = _bare(start, end, receivers)

        def run() -> object:
            with database.engine.connect() as connection:
                return connection.execute(statement).one()

        return run

    def digest(receivers: set[str] | None) -> Callable[[], object]:
        def run() -> object:
            with database.transaction() as session:
                week = week_kudos(
                    session=session, team_id=TEAM, start=start, end=end, receiver_ids=receivers
                )
            return compose_digest(week, start=start, end=end, tz=WEEKLY.tz, prompt=PROMPTS[0])

        return run

    return {
        "workspace": (_median_ms(bare(None), repeats), _median_ms(digest(None), repeats)),
        "channel": (_median_ms(bare(channel), repeats), _median_ms(digest(channel), repeats)),
    }


def _bench(url: str, label: str, args: argparse.Namespace) -> None:
    database = Database.from_url(url)
    upgrade_schema(database.engine)
    started = time.perf_counter()
    _load(database, args.kudos, args.people)
    print(f"[{label}] loaded {args.kudos:,} kudos in {time.perf_counter() - started:.1f} s")
    for scope, (bare, digest) in _measure(database, args.people, args.repeats).items():
        print(
            f"[{label}] {scope:9} scope: bare SQL aggregate (ceiling) {bare:6.1f} ms, "
            f"digest {digest:6.1f} ms = {digest / bare:.2f}x the bare query"
        )
    database.dispose()


def main() -> None:
    """Run the benchmark on the chosen backends and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kudos", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    print(
        f"{args.people:,} people, {args.kudos:,} kudos over {YEARS} years; median of {args.repeats}"
    )
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as scratch:
            _bench(f"sqlite:///{Path(scratch) / 'bench.db'}", "sqlite", args)
    if args.backend in ("postgres", "both"):
        with throwaway_postgres(postgres_server_url()) as url:
            _bench(url, "postgres", args)


if __name__ == "__main__":
    main()
