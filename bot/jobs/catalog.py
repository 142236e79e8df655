"""The app's recurring jobs. To add one: append a `RecurringJob` to the list below."""

from __future__ import annotations

from datetime import UTC

from apscheduler.triggers.cron import CronTrigger

from bot.jobs.registry import RecurringJob
from bot.jobs.scheduled_posts import run_scheduled_posts


def default_jobs() -> list[RecurringJob]:
    """Every job `serve` and `scheduler` run."""
    return [
        RecurringJob(
            name="scheduled-posts",
            func=run_scheduled_posts,
            trigger=CronTrigger(second=5, timezone=UTC),  # every minute
        ),
    ]
