"""A small, general way to run recurring jobs with APScheduler 3.

A job is a function `func(deps, *, now)` and an APScheduler trigger. Jobs keep their state in
the database (see `storage.claims_repo` for exactly-once posts), so APScheduler's own job store
stays in memory: every process rebuilds the same job list on start, and when several processes
run at once (two web dynos, or web plus clock) the database decides who does the work.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger

from bot.deps import Deps

log = logging.getLogger(__name__)


class JobFunction(Protocol):
    """What a recurring job runs: it reads nothing but `deps` and the time it is given."""

    def __call__(self, deps: Deps, *, now: datetime) -> None:
        """Do one run of the job as of `now` (aware UTC)."""


@dataclass(frozen=True)
class RecurringJob:
    """A named job and when it runs."""

    name: str
    func: JobFunction
    trigger: BaseTrigger


def run_job(job: RecurringJob, deps: Deps) -> None:
    """Run a job once at `deps.clock()`; a failure is logged and never stops the scheduler."""
    now = deps.clock()
    try:
        job.func(deps, now=now)
    except Exception:
        log.exception("scheduled job %s failed at %s; it runs again next time", job.name, now)


def build_scheduler(
    deps: Deps, jobs: Sequence[RecurringJob], *, blocking: bool = False
) -> BaseScheduler:
    """A scheduler (in this thread when `blocking`, else in the background) running `jobs`."""
    scheduler: BaseScheduler = (
        BlockingScheduler(timezone=UTC) if blocking else BackgroundScheduler(timezone=UTC)
    )
    for job in jobs:
        scheduler.add_job(
            run_job,
            job.trigger,
            args=(job, deps),
            id=job.name,
            name=job.name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
    return scheduler
