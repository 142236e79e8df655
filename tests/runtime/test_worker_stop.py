"""Stopping the worker: while running steps get their grace, their leases are still renewed,
so no other worker takes them up; what is left unfinished is put back."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.deps import make_deps
from bot.domain.tasks import NewTask, TaskClass, TaskStatus
from bot.runtime import worker as worker_module
from bot.services.tasks import Finish, TaskContext, TaskHandler
from storage.database import Database
from storage.task_admin_repo import task_by_key
from storage.tasks_repo import add_tasks, requeue_expired


def test_leases_are_renewed_through_the_grace(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_module, "LEASE", timedelta(seconds=1))  # scaled down from 15 s
    monkeypatch.setattr(worker_module, "RENEW_EVERY", 0.2)
    settings = Settings(slack_bot_token="xoxb-test", slack_signing_secret="secret")
    deps = make_deps(settings, database)
    started, finish = threading.Event(), threading.Event()

    def slow(_context: TaskContext) -> Finish:
        started.set()
        finish.wait(10)  # a step still waiting on Slack when the stop comes
        return Finish({"ok": True})

    worker = worker_module.Worker(deps, {"probe": TaskHandler(run=slow)})
    now = datetime.now(UTC)
    with database.transaction() as session:
        task = NewTask(kind="probe", key="slow", klass=TaskClass.GIVING, payload={}, run_at=now)
        add_tasks(session=session, tasks=[task], now=now)
    worker.start()
    assert started.wait(5)
    stopper = threading.Thread(target=worker.stop, args=(5.0,))  # a grace longer than the lease
    stopper.start()
    stopper.join(1.6)  # more than a lease into the grace
    with database.transaction() as session:  # another worker's upkeep
        expired = requeue_expired(session=session, now=datetime.now(UTC))
    finish.set()
    stopper.join(10)
    assert expired == 0
    with database.transaction() as session:
        row = task_by_key(session=session, key="slow")
    assert row is not None and row.status == TaskStatus.DONE  # finished within the grace


def test_a_claim_that_hangs_does_not_hold_the_stop_past_its_grace(database: Database) -> None:
    settings = Settings(slack_bot_token="xoxb-test", slack_signing_secret="secret")
    worker = worker_module.Worker(make_deps(settings, database), {})
    claiming, answer = threading.Event(), threading.Event()

    def hanging_claim(_free: object) -> list[object]:
        claiming.set()
        answer.wait(10)  # a database that does not answer
        return []

    worker._claim = hanging_claim  # type: ignore[assignment,method-assign]
    claimer = threading.Thread(target=worker._claim_all)
    claimer.start()
    assert claiming.wait(5)
    worker.stop(0.2)
    still_claiming = claimer.is_alive()  # stop() came back while the claim still hung
    answer.set()
    claimer.join(5)
    assert still_claiming
