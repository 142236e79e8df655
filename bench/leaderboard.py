"""Leaderboard cost: grouped in SQL (what the app does) beside reading every row into Python.

Run: .venv/bin/python -m bench.leaderboard [rows]   (SQLite file in a temporary directory)
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bot.domain.leaderboard import FirstSeen, rank_people
from storage.database import Database
from storage.kudos_repo import iter_kudos
from storage.models import Kudos
from storage.schema import upgrade_schema
from storage.stats_repo import leaderboard
from storage.values_repo import ensure_workspace, list_values

NOW = datetime(2026, 11, 23, tzinfo=UTC)
START = NOW - timedelta(days=365)


def _seed(db: Database, rows: int) -> None:
    rng = random.Random(5)  # noqa: S311 - repeatable data, not secrets
    with db.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=START)
        value_ids = [v.id for v in list_values(session=session, team_id="T1")]
        people = [f"U{i:04d}" for i in range(500)]
        batch = [
            {
                "act_id": f"a{i}",
                "team_id": "T1",
                "giver_id": rng.choice(people),
                "receiver_id": rng.choice(people),
                "value_id": rng.choice(value_ids),
                "message": "helped the team ship on time",
                "channel_id": "C1",
                "created_at": START + timedelta(minutes=rng.randrange(365 * 24 * 60)),
                "request_key": f"k{i}",
                "is_private": False,
            }
            for i in range(rows)
        ]
        session.execute(insert(Kudos), batch)


def _naive(db: Database) -> list[str]:
    givers: dict[tuple[str, str], datetime] = {}
    values: dict[tuple[str, str], datetime] = defaultdict(lambda: NOW)
    with db.transaction() as session:
        for k in iter_kudos(session=session, team_id="T1"):
            pair = (k.receiver_id, k.giver_id)
            givers[pair] = min(givers.get(pair, NOW), k.created_at)
            values[(k.receiver_id, k.value)] = min(values[(k.receiver_id, k.value)], k.created_at)
    board = rank_people(
        [FirstSeen(r, g, at) for (r, g), at in givers.items()],
        [FirstSeen(r, v, at) for (r, v), at in values.items()],
    )
    return [s.user_id for s in board]


def _grouped(db: Database, start: datetime = START) -> list[str]:
    with db.transaction() as session:
        board = leaderboard(session=session, team_id="T1", start=start, end=NOW + timedelta(1))
    return [s.user_id for s in board]


def _best_of(runs: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main(rows: int) -> None:
    """Seed `rows` kudos over a year among 500 people, then time both ways."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade_schema(db.engine)
        _seed(db, rows)
        assert _grouped(db) == _naive(db)
        naive = _best_of(3, lambda: _naive(db))
        grouped = _best_of(3, lambda: _grouped(db))
        week = _best_of(3, lambda: _grouped(db, NOW - timedelta(days=7)))
        db.dispose()
    print(f"rows: {rows}, people: 500, period: one year (SQLite)")
    print(f"baseline, every row into Python: {naive * 1000:8.1f} ms")
    print(f"leaderboard(), grouped in SQL:   {grouped * 1000:8.1f} ms")
    print(f"ratio baseline/grouped: {naive / grouped:.1f}x")
    print(f"leaderboard() for the last week (Home): {week * 1000:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
