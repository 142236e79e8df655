"""Run one claimed task and record how it ended: done, deferred (held back, or a transient
failure, with backoff), or failed (a permanent error, or retries exhausted)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bot.deps import Deps
from bot.domain.tasks import MAX_ATTEMPTS, Task, backoff
from bot.services.tasks import Finish, NoTokenError, TaskContext, TaskHandler
from bot.slack.failures import Failure, FailureKind, classify
from bot.slack.holds import Held
from storage.tasks_repo import claim_held, defer_task, fail_task, finish_task, shift_lane

log = logging.getLogger(__name__)


def _ours(session: Session, task: Task, worker: str) -> bool:
    if claim_held(session=session, task_id=task.id, worker=worker):
        return True
    _dropped(task)
    return False


def _dropped(task: Task) -> None:
    log.warning(
        "task t%d (%s) was put back while it ran; this run's ending is dropped", task.id, task.kind
    )


def _finish(deps: Deps, task: Task, finish: Finish, worker: str) -> None:
    """Mark the task done (which also proves the claim still ours), then record what follows."""
    with deps.database.transaction() as session:
        recorded = finish_task(
            session=session,
            task_id=task.id,
            outcome=finish.outcome,
            now=deps.clock(),
            worker=worker,
            has_parent=task.parent_id is not None,
        )
        if not recorded:
            _dropped(task)
            return
        if finish.then is not None:
            finish.then(session)


def _defer(
    deps: Deps, task: Task, until: datetime, reason: str, worker: str, *, tried: bool = True
) -> None:
    """Run the task again at `until`; not `tried` (held back, rate-limited: Slack never took
    the call), the run gives its attempt back, so only failures use up MAX_ATTEMPTS."""
    now = deps.clock()
    with deps.database.transaction() as session:
        if not _ours(session, task, worker):
            return
        defer_task(
            session=session, task_id=task.id, run_at=until, error=reason, now=now, counted=tried
        )
        if task.lane is not None:
            shift_lane(session=session, lane=task.lane, until=until, now=now)


def _give_up(deps: Deps, handler: TaskHandler | None, task: Task, reason: str, worker: str) -> None:
    now = deps.clock()
    with deps.database.transaction() as session:
        if not _ours(session, task, worker):
            return
        fail_task(session=session, task_id=task.id, error=reason, now=now)
        if handler is not None and handler.on_failed is not None:
            handler.on_failed(session, task, reason, now)


def _failure(error: Exception) -> Failure | None:
    if isinstance(error, OperationalError):
        return Failure(FailureKind.TRANSIENT, "database: " + type(error.orig).__name__)
    if isinstance(error, NoTokenError):
        return Failure(FailureKind.PERMANENT, str(error))
    return classify(error)


def _failed(deps: Deps, handler: TaskHandler, task: Task, error: Exception, worker: str) -> None:
    what = f"task t{task.id} ({task.kind})"
    if isinstance(error, SlackApiError) and error.response.status_code == 429:
        retry_after = float(error.response.headers.get("Retry-After", 1) or 1)
        until = deps.clock() + timedelta(seconds=max(retry_after, 1.0))
        _defer(deps, task, until, "ratelimited", worker, tried=False)
        log.info("%s rate-limited by Slack for %.0f s", what, retry_after)
        return
    failure = _failure(error)
    if failure is None:
        log.error("%s failed for good: unhandled error", what, exc_info=error)
        _give_up(deps, handler, task, f"unexpected {type(error).__name__}", worker)
        return
    if failure.kind is FailureKind.TRANSIENT and task.attempts < MAX_ATTEMPTS:
        until = deps.clock() + backoff(task.attempts)
        _defer(deps, task, until, failure.reason, worker)
        log.info(
            "%s attempt %d failed (%s); retrying at %s",
            what,
            task.attempts,
            failure.reason,
            until.isoformat(),
        )
        return
    log.error("%s failed for good after %d attempt(s): %s", what, task.attempts, failure.reason)
    _give_up(deps, handler, task, failure.reason, worker)


def run_task(deps: Deps, handlers: Mapping[str, TaskHandler], task: Task, worker: str) -> None:
    """Run `task` with its handler, holding a CPU slot except while waiting on Slack."""
    handler = handlers.get(task.kind)
    with deps.cpu.held():
        if handler is None:
            log.error("task %d has an unknown kind %r", task.id, task.kind)
            _give_up(deps, None, task, f"unknown kind {task.kind!r}", worker)
            return
        try:
            _finish(deps, task, handler.run(TaskContext(task, deps, deps.clock())), worker)
        except Held as held:
            _defer(deps, task, held.until, held.reason, worker, tried=False)
        except Exception as error:  # the worker's one catch-all: every task ends recorded
            _failed(deps, handler, task, error, worker)
