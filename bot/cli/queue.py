"""`kudos-bot queue`: what the worker has to do, what failed and why; `queue retry` runs
failed tasks again."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.domain.tasks import TaskRow, TaskStatus
from storage.database import Database
from storage.task_admin_repo import failed_tasks, queue_stats, retry_failed

FAILED_SHOWN = 20


def add_parser(commands: Any) -> None:
    """Declare `kudos-bot queue [retry ID…|--failed]`."""
    queue = commands.add_parser("queue", help="the task queue: backlog, failures, retries")
    actions = queue.add_subparsers(dest="queue_action")
    retry = actions.add_parser("retry", help="run failed tasks again")
    retry.add_argument("ids", nargs="*", help="task ids as shown (t123 or 123)")
    retry.add_argument("--failed", action="store_true", help="every failed task")


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC"


def _failed_line(row: TaskRow) -> str:
    return f"  t{row.id} {row.kind} after {row.attempts} attempt(s): {row.error or 'no reason'}"


def _show(database: Database, now: datetime) -> int:
    with database.transaction() as session:
        stats = queue_stats(session=session)
        failed = failed_tasks(session=session, limit=FAILED_SHOWN)
    order = (TaskStatus.QUEUED, TaskStatus.WAITING, TaskStatus.RUNNING, TaskStatus.FAILED)
    print(" · ".join(f"{status.value} {stats.counts[status]}" for status in order))
    if stats.oldest_waiting is not None:
        age = int((now - stats.oldest_waiting).total_seconds())
        print(f"oldest waiting: {_when(stats.oldest_waiting)} ({age} s ago)")
    if failed:
        print("failed (newest first; `kudos-bot queue retry ID` or `--failed` runs them again):")
        print("\n".join(_failed_line(row) for row in failed))
    return 0


def _task_ids(words: list[str]) -> list[int]:
    ids = [word.removeprefix("t") for word in words]
    # ASCII digits only: int() refuses `²`, which isdigit() accepts
    bad = [word for word, n in zip(words, ids, strict=True) if not (n.isascii() and n.isdigit())]
    if bad:
        raise ValueError(f"not task ids: {', '.join(bad)} (use the ids `kudos-bot queue` shows)")
    return [int(digits) for digits in ids]


def _retry(database: Database, args: argparse.Namespace, now: datetime) -> int:
    if bool(args.ids) == bool(args.failed):
        raise ValueError("say which: `kudos-bot queue retry ID [ID …]` or `--failed`")
    ids = None if args.failed else _task_ids(args.ids)
    with database.transaction() as session:
        count = retry_failed(session=session, ids=ids, now=now)
    print(f"queued {count} failed task(s) again")
    return 0


def run_queue(
    args: argparse.Namespace, database: Callable[[], Database], now: Callable[[], datetime]
) -> int:
    """Show the queue, or retry failed tasks; a bad id prints one line and returns 2."""
    try:
        if args.queue_action == "retry":
            return _retry(database(), args, now())
        return _show(database(), now())
    except ValueError as error:
        print(f"kudos-bot queue: {error}", file=sys.stderr)
        return 2
