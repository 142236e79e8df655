"""`kudos-bot queue`: the backlog and failures as an operator sees them, and retries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.domain.tasks import NewTask, TaskClass
from storage.database import Database
from storage.schema import upgrade_schema
from storage.tasks_repo import add_tasks, claim_due, fail_task
from tests.support.cli import run_cli

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _seed(url: str) -> int:
    database = Database.from_url(url)
    upgrade_schema(database.engine)
    tasks = [
        NewTask(kind=kind, key=kind, klass=TaskClass.GIVING, payload={}, run_at=NOW, team_id="T1")
        for kind in ("announce", "dm", "confirm")
    ]
    with database.transaction() as session:
        add_tasks(session=session, tasks=tasks, now=NOW)
        claimed = claim_due(
            session=session, limits={TaskClass.GIVING: 1}, worker="w", now=NOW, lease_until=NOW
        )
        fail_task(session=session, task_id=claimed[0].id, error="channel_not_found", now=NOW)
    database.dispose()
    return claimed[0].id


def test_queue_shows_counts_the_oldest_waiting_and_failures_with_reasons(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kudos.db'}"
    failed = _seed(url)
    result = run_cli(["queue"], {"DATABASE_URL": url}, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "queued 2 · waiting 0 · running 0 · failed 1"
    assert lines[1].startswith("oldest waiting: 2026-12-01 09:00:00 UTC")
    assert f"  t{failed} announce after 1 attempt(s): channel_not_found" in lines


def test_queue_retry_requeues_failed_tasks_and_refuses_what_is_not_an_id(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kudos.db'}"
    failed = _seed(url)
    env = {"DATABASE_URL": url}
    bad = run_cli(["queue", "retry", "nope"], env, tmp_path)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.count("\n") == 1 and "not task ids: nope" in bad.stderr
    assert run_cli(["queue", "retry"], env, tmp_path).returncode == 2
    retried = run_cli(["queue", "retry", f"t{failed}"], env, tmp_path)
    assert retried.stdout == "queued 1 failed task(s) again\n"
    assert run_cli(["queue"], env, tmp_path).stdout.startswith("queued 3 · waiting 0")
    assert run_cli(["queue", "retry", "--failed"], env, tmp_path).stdout.startswith("queued 0")


@pytest.mark.parametrize("word", ["t\u00b2", "\u0663"])  # isdigit() says yes to both
def test_queue_retry_refuses_digits_that_are_not_ascii(tmp_path: Path, word: str) -> None:
    url = f"sqlite:///{tmp_path / 'kudos.db'}"
    _seed(url)
    bad = run_cli(["queue", "retry", word], {"DATABASE_URL": url}, tmp_path)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.count("\n") == 1 and f"not task ids: {word} (" in bad.stderr
