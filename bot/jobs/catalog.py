"""The app's recurring jobs. To add one: append a `RecurringJob` to the list below."""

from __future__ import annotations

from datetime import UTC

from apscheduler.triggers.cron import CronTrigger

from bot.jobs.fair_use import report_fair_use
from bot.jobs.registry import RecurringJob
from bot.jobs.retention import purge_uninstalled_workspaces
from bot.jobs.scheduled_posts import run_scheduled_posts


def default_jobs() -> list[RecurringJob]:
    """Every job `serve` and `scheduler` run."""
    return [
        RecurringJob(
            name="scheduled-posts",
            func=run_scheduled_posts,
            trigger=CronTrigger(second=5, timezone=UTC),  # every minute
        ),
        RecurringJob(
            name="retention-purge",
            func=purge_uninstalled_workspaces,
            trigger=CronTrigger(hour=3, minute=17, timezone=UTC),  # daily
        ),
        RecurringJob(
            name="fair-use-report",
            func=report_fair_use,
            trigger=CronTrigger(day_of_week="mon", hour=8, minute=7, timezone=UTC),  # weekly
        ),
    ]
