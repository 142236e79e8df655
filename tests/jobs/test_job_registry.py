"""The recurring-job registry: jobs are registered with their triggers and never crash it."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Settings
from bot.deps import Deps
from bot.jobs.catalog import default_jobs
from bot.jobs.registry import RecurringJob, build_scheduler, run_job
from storage.database import Database
from tests.support.scheduling import SLOT


def _deps(tmp_path: Path) -> Deps:
    settings = Settings(slack_bot_token="xoxb-1", slack_signing_secret="s")
    database = Database.from_url(f"sqlite:///{tmp_path / 'jobs.db'}")
    return Deps(settings=settings, database=database, clock=lambda: SLOT)


def test_a_job_gets_deps_and_the_clocks_time(tmp_path: Path) -> None:
    seen: list[datetime] = []

    def remember(deps: Deps, *, now: datetime) -> None:
        seen.append(now)

    run_job(RecurringJob("remember", remember, IntervalTrigger(hours=1)), _deps(tmp_path))
    assert seen == [SLOT]


def test_a_failing_job_is_logged_and_does_not_raise(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(deps: Deps, *, now: datetime) -> None:
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR):
        run_job(RecurringJob("broken", broken, IntervalTrigger(hours=1)), _deps(tmp_path))
    assert "scheduled job broken failed" in caplog.text
    assert "boom" in caplog.text


def test_the_scheduler_holds_every_default_job_once(tmp_path: Path) -> None:
    jobs = default_jobs()
    scheduler = build_scheduler(_deps(tmp_path), jobs)
    registered = scheduler.get_jobs()
    assert [j.id for j in registered] == [j.name for j in jobs]
    assert [j.name for j in jobs] == ["scheduled-posts", "retention-purge", "fair-use-report"]
    assert all(j.coalesce and j.max_instances == 1 for j in registered)
    assert "cron[second='5']" in str(registered[0].trigger)
