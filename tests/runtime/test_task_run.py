"""Running one claimed task, on SQLite and PostgreSQL: a hold or a 429 puts the task back
without using up an attempt, so the retries stay for failures; transient failures still end
the task after MAX_ATTEMPTS."""

from __future__ import annotations

import urllib.error
from datetime import UTC, datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.config import Settings
from bot.deps import Deps, make_deps
from bot.domain.tasks import MAX_ATTEMPTS, NewTask, TaskClass, TaskStatus
from bot.runtime.task_run import run_task
from bot.services.tasks import Finish, TaskContext, TaskHandler
from bot.slack.holds import Held
from storage.database import Database
from storage.task_admin_repo import task_by_key
from storage.tasks_repo import add_tasks, claim_due

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class _Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _deps(database: Database, clock: _Clock) -> Deps:
    settings = Settings(slack_bot_token="xoxb-test", slack_signing_secret="secret")
    return make_deps(settings, database, clock=clock)


def _ratelimited() -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="http://slack.test/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "30"},
        status_code=429,
    )
    return SlackApiError("ratelimited", response)  # type: ignore[no-untyped-call]


def _run_until_settled(
    database: Database, clock: _Clock, outcomes: list[Exception]
) -> tuple[TaskStatus, int, str | None]:
    """Run task "t" once per outcome (each raised by its handler), an hour apart; its status,
    attempts and error at the end."""
    deps = _deps(database, clock)
    with database.transaction() as session:
        task = NewTask(kind="probe", key="t", klass=TaskClass.GIVING, payload={}, run_at=START)
        add_tasks(session=session, tasks=[task], now=START)

    def raising(_context: TaskContext) -> Finish:
        raise outcomes.pop(0)

    handlers = {"probe": TaskHandler(run=raising)}
    while outcomes:
        clock.now += timedelta(hours=1)  # past any backoff or hold
        with database.transaction() as session:
            (claimed,) = claim_due(
                session=session,
                limits={TaskClass.GIVING: 1},
                worker="w1",
                now=clock.now,
                lease_until=clock.now + timedelta(seconds=15),
            )
        run_task(deps, handlers, claimed, "w1")
    with database.transaction() as session:
        row = task_by_key(session=session, key="t")
    assert row is not None
    return row.status, row.attempts, row.error


def test_holds_and_rate_limits_do_not_use_up_the_retries(database: Database) -> None:
    clock = _Clock()
    held_back: list[Exception] = [
        Held(START, "Slack asked to slow down") if n % 2 else _ratelimited()
        for n in range(MAX_ATTEMPTS + 3)
    ]
    blip = urllib.error.URLError("connection reset")
    status, attempts, error = _run_until_settled(database, clock, [*held_back, blip])
    assert (status, attempts, error) == (TaskStatus.QUEUED, 1, "URLError")  # one real try


def test_transient_failures_end_the_task_after_max_attempts(database: Database) -> None:
    clock = _Clock()
    blips: list[Exception] = [urllib.error.URLError("reset") for _ in range(MAX_ATTEMPTS)]
    status, attempts, error = _run_until_settled(database, clock, blips)
    assert (status, attempts, error) == (TaskStatus.FAILED, MAX_ATTEMPTS, "URLError")
