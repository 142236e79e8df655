"""10,000 tasks waiting on a Slack that fails cost the worker a few MB at most, and drain once
Slack answers again (memory measured with tracemalloc, never time)."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime

from bot.config import Settings
from bot.deps import make_deps
from bot.domain.tasks import NewTask, TaskClass, TaskStatus
from bot.runtime.startup import make_worker
from bot.services.replies import ReplyTo
from storage.database import Database
from storage.task_admin_repo import queue_stats
from tests.support.e2e import wait_until
from tests.support.fake_slack import FakeSlack

BACKLOG = 10_000
FEW_MB = 5 * 1024 * 1024


def _backlog(database: Database) -> None:
    now = datetime.now(UTC)
    reply_to = ReplyTo("UGIVER", None, now).to_payload()
    tasks = [
        NewTask(
            kind="reply",
            key=f"reply:{index}",
            klass=TaskClass.GIVING,
            team_id="T1",
            payload={"reply_to": reply_to, "text": f"kudos number {index} is saved"},
            run_at=now,
        )
        for index in range(BACKLOG)
    ]
    database.request_writer().accept(tasks=tasks, now=now)


def _done(database: Database) -> int:
    with database.transaction() as session:
        return queue_stats(session=session).counts[TaskStatus.DONE]


def test_a_long_backlog_on_a_failing_slack_keeps_memory_flat_and_drains(database: Database) -> None:
    _backlog(database)
    with FakeSlack() as slack:
        slack.http_error("chat.postMessage", 503, times=None)
        settings = Settings(
            slack_bot_token="xoxb-1", slack_signing_secret="s", slack_api_url=slack.api_url
        )
        deps = make_deps(settings, database)
        worker = make_worker(deps)
        worker.start()
        try:
            wait_until(lambda: len(slack.calls_to("chat.postMessage")) > 200, "Slack tried")
            tracemalloc.start()
            before = tracemalloc.get_traced_memory()[0]
            wait_until(
                lambda: len(slack.calls_to("chat.postMessage")) > 600, "many tries", timeout=20
            )
            grown = tracemalloc.get_traced_memory()[0] - before
            tracemalloc.stop()
            assert grown < FEW_MB, f"the backlog grew the worker by {grown / 1e6:.1f} MB"
            slack.reset()  # Slack answers again
            wait_until(lambda: _done(database) > 100, "the backlog draining", timeout=20)
        finally:
            worker.stop(grace=1)
