"""Benchmark forget-user and the retention purge beside the bare SQL they boil down to.

    python -m bench.stewardship [ROWS]      (default 200000 kudos rows, SQLite and PostgreSQL)

Each run seeds two workspaces with ROWS/2 kudos each, in which two people each gave and received
5% of the kudos (1% of messages mention them). The baseline forgets one person, or deletes one
workspace, with the minimum hand-written SQL; the app's code does the same for the other, in the
same process on the same data. PostgreSQL is skipped when BENCH_POSTGRES_URL (default: the local
test server) can't be reached. Not a test: nothing here asserts.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bench.databases import postgres_reachable, postgres_server_url, throwaway_postgres
from bot.config import Settings
from bot.deps import Deps
from bot.domain.pseudonym import pseudonym
from bot.jobs.retention import purge_due_workspaces
from storage.database import Database
from storage.forget_repo import forget_user
from storage.schema import upgrade_schema
from storage.values_repo import ensure_workspace, list_values
from storage.workspaces_repo import mark_uninstalled

NOW = datetime(2026, 11, 23, tzinfo=UTC)
SECRET = "bench-secret-" + "x" * 32
TEAMS = ("TBASE", "TAPP")
TARGETS = {"TBASE": "UBASELINE", "TAPP": "UAPPCODE"}


def _seed(database: Database, rows: int) -> None:
    rng = random.Random(7)  # noqa: S311 (repeatable test data, not secrets)
    for team in TEAMS:
        with database.transaction() as session:
            ensure_workspace(session=session, team_id=team, now=NOW)
            value_ids = [v.id for v in list_values(session=session, team_id=team)]
        target = TARGETS[team]
        for start in range(0, rows // 2, 10_000):
            batch = []
            for i in range(start, min(start + 10_000, rows // 2)):
                giver = target if i % 20 == 0 else f"U{rng.randrange(500):05d}"
                receiver = target if i % 20 == 1 else f"U{rng.randrange(500):05d}"
                mention = f" with <@{target}|them>" if i % 100 == 2 else ""
                batch.append(
                    {
                        "act_id": uuid.uuid4().hex,
                        "team_id": team,
                        "giver_id": giver,
                        "receiver_id": receiver,
                        "value_id": rng.choice(value_ids),
                        "message": f"fixed the build at midnight{mention} #{i}",
                        "channel_id": "CBENCH",
                        "created_at": NOW.replace(tzinfo=None) - timedelta(minutes=i),
                        "request_key": f"k{i}",
                    }
                )
            with database.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO kudos (act_id, team_id, giver_id, receiver_id, value_id, "
                        "message, channel_id, created_at, request_key, is_private) VALUES "
                        "(:act_id, :team_id, :giver_id, :receiver_id, :value_id, :message, "
                        ":channel_id, :created_at, :request_key, false)"
                    ),
                    batch,
                )


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


BASELINE_FORGET = (
    "UPDATE kudos SET message = '' WHERE team_id = 'TBASE' AND giver_id = :u",
    "UPDATE kudos SET giver_id = :n WHERE team_id = 'TBASE' AND giver_id = :u",
    "UPDATE kudos SET receiver_id = :n WHERE team_id = 'TBASE' AND receiver_id = :u",
)
BASELINE_PURGE = tuple(
    f"DELETE FROM {table} WHERE team_id = 'TBASE'"  # noqa: S608 (constant table names)
    for table in ("kudos", "role_grant", "company_value", "workspace")
)


def _baseline_forget(database: Database) -> None:
    user, new = TARGETS["TBASE"], pseudonym(SECRET, "TBASE", TARGETS["TBASE"])
    with database.engine.begin() as connection:
        for statement in BASELINE_FORGET:
            connection.execute(text(statement), {"u": user, "n": new})


def _app_forget(database: Database) -> None:
    user = TARGETS["TAPP"]
    with database.transaction() as session:
        forget_user(
            session=session,
            team_id="TAPP",
            user_id=user,
            replacement=pseudonym(SECRET, "TAPP", user),
        )


def _baseline_purge(database: Database) -> None:
    with database.engine.begin() as connection:
        for statement in BASELINE_PURGE:
            connection.execute(text(statement))


def _app_purge(database: Database) -> None:
    with database.transaction() as session:
        mark_uninstalled(session=session, team_id="TAPP", now=NOW)
    settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret="bench")  # noqa: S106
    purge_due_workspaces(Deps(settings=settings, database=database), now=NOW + timedelta(days=31))


def run(backend: str, url: str, rows: int) -> None:
    """Seed, then time baseline and app code for forgetting and purging; print the figures."""
    database = Database.from_url(url)
    upgrade_schema(database.engine)
    seeding = _timed(lambda: _seed(database, rows))
    print(f"{backend}: seeded {rows} kudos in {seeding:.1f}s")
    for what, baseline, app in (
        ("forget-user", _baseline_forget, _app_forget),
        ("purge", _baseline_purge, _app_purge),
    ):
        base_s = _timed(lambda baseline=baseline: baseline(database))  # type: ignore[misc]
        app_s = _timed(lambda app=app: app(database))  # type: ignore[misc]
        print(
            f"{backend}: {what:<11} on {rows // 2} rows: app {app_s * 1000:8.1f} ms, "
            f"bare SQL {base_s * 1000:8.1f} ms, ratio app/bare {app_s / base_s:5.2f}"
        )
    database.dispose()


def main() -> None:
    """Run on SQLite, then PostgreSQL when reachable."""
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as workdir:
        run("sqlite", f"sqlite:///{Path(workdir) / 'bench.db'}", rows)
    server = postgres_server_url()
    if not postgres_reachable(server):
        print("postgres: not reachable, skipped")
        return
    with throwaway_postgres(server) as url:
        run("postgres", url, rows)


if __name__ == "__main__":
    main()
