"""GET /healthz: 200 with the task backlog while the database takes writes, else 503 and why."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.deps import utc_now
from storage.database import Database
from storage.health_repo import UNREACHABLE, WriteProbe, WriteProblem
from storage.task_admin_repo import queue_stats

log = logging.getLogger(__name__)

OK = "200 OK"
UNAVAILABLE = "503 Service Unavailable"


def backlog(database: Database) -> dict[str, Any]:
    """The task queue's counts and the age of its oldest waiting task, for /healthz."""
    with database.transaction() as session:
        stats = queue_stats(session=session)
    oldest = stats.oldest_waiting
    age = None if oldest is None else round((utc_now() - oldest).total_seconds(), 1)
    return {
        **{status.value: count for status, count in stats.counts.items() if status != "done"},
        "oldest_waiting_seconds": age,
    }


def unhealthy_body(problem: WriteProblem) -> dict[str, Any]:
    """The 503 answer: `database` is "unreachable" or "not-writable", `reason` says why."""
    state = "unreachable" if problem.reason == UNREACHABLE else "not-writable"
    return {"status": "unavailable", "database": state, "reason": problem.reason}


class HealthCheck:
    """Answers /healthz from one write probe (and a read of the backlog when it went through);
    logs when the answer changes, not on every check."""

    def __init__(self, database: Database) -> None:
        """Probe `database`, whose file (on SQLite) is the one open now."""
        self._database = database
        self._probe = WriteProbe(database)
        self._last: str | None = None

    def answer(self) -> tuple[str, dict[str, Any]]:
        """The HTTP status and the JSON body."""
        problem = self._probe.problem(now=utc_now())
        self._note(problem)
        if problem is not None:
            return UNAVAILABLE, unhealthy_body(problem)
        body: dict[str, Any] = {"status": "ok", "database": "ok"}
        try:
            body["queue"] = backlog(self._database)
        except SQLAlchemyError:
            body["queue"] = None
        return OK, body

    def _note(self, problem: WriteProblem | None) -> None:
        reason = None if problem is None else problem.reason
        if reason == self._last:
            return
        if problem is not None:
            log.error("unhealthy, %s: %s", problem.reason, problem.detail)
        elif self._last is not None:
            log.info("healthy again: the database takes writes")
        self._last = reason
