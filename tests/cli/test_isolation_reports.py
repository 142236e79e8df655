"""Two workspaces in one database: no digest or export of one ever shows the other's data."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.blocks.digest import compose_digest
from bot.domain.prompts import prompt_for
from storage.database import Database
from storage.digest_repo import week_kudos
from storage.kudos_repo import add_kudos
from storage.values_repo import ensure_workspace, find_value

WEEK_START = datetime(2026, 11, 16, tzinfo=UTC)
WEEK_END = WEEK_START + timedelta(days=7)
SHARED_USER = "USHARED"  # the same id in both workspaces, as on Enterprise Grid
A_MARKERS = ("SECRETA", "UAGIVER", "UAONLY")


def _give(db: Database, team: str, giver: str, receiver: str, message: str, *, key: str) -> None:
    with db.transaction() as session:
        ensure_workspace(session=session, team_id=team, now=WEEK_START)
        value = find_value(session=session, team_id=team, typed="respect")
        assert value is not None and value.id is not None
        add_kudos(
            session=session,
            team_id=team,
            giver_id=giver,
            receiver_ids=[receiver],
            value_id=value.id,
            message=message,
            channel_id="CSHARED",
            request_key=key,
            created_at=WEEK_START + timedelta(days=2),
        )


@pytest.fixture
def two_workspaces(database: Database) -> Database:
    _give(database, "TA", "UAGIVER", SHARED_USER, "SECRETA saved the quarter for us", key="a1")
    _give(database, "TA", "UAGIVER", "UAONLY", "SECRETA again, on a Sunday night", key="a2")
    _give(database, "TB", "UBGIVER", SHARED_USER, "kept the B launch calm and kind", key="b1")
    return database


@pytest.mark.parametrize("members", [None, {SHARED_USER, "UAONLY", "UBGIVER"}])
def test_a_digest_shows_its_own_workspace_only(
    two_workspaces: Database, members: set[str] | None
) -> None:
    with two_workspaces.transaction() as session:
        week = week_kudos(
            session=session, team_id="TB", start=WEEK_START, end=WEEK_END, receiver_ids=members
        )
    assert week.kudos_count == 1
    assert [act.giver_id for act in week.newest] == ["UBGIVER"]
    message = compose_digest(
        week,
        start=WEEK_START,
        end=WEEK_END,
        tz="UTC",
        prompt=prompt_for("CSHARED", WEEK_END.date()),
    )
    shown = json.dumps(message.blocks) + message.text
    assert not [marker for marker in A_MARKERS if marker in shown]


@pytest.mark.parametrize(
    "options", [["--format", "csv"], ["--format", "jsonl"], ["--format", "csv", "--summary"]]
)
def test_an_export_of_one_workspace_shows_nothing_of_the_other(
    two_workspaces: Database, tmp_path: Path, options: list[str]
) -> None:
    url = two_workspaces.engine.url.render_as_string(hide_password=False)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bot.cli", "export", "--team", "TB", *options],
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "UBGIVER" in result.stdout
    assert not [marker for marker in A_MARKERS if marker in result.stdout]
