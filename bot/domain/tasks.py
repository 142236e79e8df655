"""Tasks: the steps of work the app accepted, as the queue stores them, and how they retry."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

MAX_ATTEMPTS = 12  # transient failures: 1 s, 2 s, 4 s … 5 min apart, about 40 minutes in all
MAX_BACKOFF = timedelta(minutes=5)
SETTLE_WAIT = timedelta(seconds=5)  # a step deferred longer no longer holds back its parent
LANE_INTERVAL = timedelta(seconds=1)  # Slack: about one message a second per channel


class TaskStatus(StrEnum):
    """Where a task stands."""

    QUEUED = "queued"  # runnable from run_at on
    WAITING = "waiting"  # waits for its children to settle
    RUNNING = "running"  # claimed by a worker, under a lease
    DONE = "done"
    FAILED = "failed"  # gave up: a permanent error, or retries exhausted


class TaskClass(StrEnum):
    """Which worker threads run a task: each class has its own, so none starves another."""

    INTERACTIVE = "interactive"  # a person waits on it now: forms, Home, command answers
    GIVING = "giving"  # giving kudos and delivering them
    BACKGROUND = "background"  # Home refreshes, exports, lifecycle events


@dataclass(frozen=True)
class NewTask:
    """A task to add to the queue."""

    kind: str
    key: str
    klass: TaskClass
    payload: dict[str, Any]
    run_at: datetime
    team_id: str | None = None
    lane: str | None = None
    children: tuple[NewTask, ...] = ()  # queued together; this task waits for them to settle
    settled: bool = False  # as a child: does not hold its parent back (it runs much later)

    def payload_json(self) -> str:
        """The payload as stored."""
        return json.dumps(self.payload, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class Task:
    """A task as a worker claimed it."""

    id: int
    key: str
    kind: str
    klass: TaskClass
    team_id: str | None
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    lane: str | None = None
    parent_id: int | None = None
    outcome: dict[str, Any] | None = field(default=None)


@dataclass(frozen=True)
class TaskRow:
    """A task as `kudos-bot queue` and a parent reading its children see it."""

    id: int
    key: str
    kind: str
    status: TaskStatus
    attempts: int
    run_at: datetime
    created_at: datetime
    payload: dict[str, Any]
    outcome: dict[str, Any] | None
    error: str | None


@dataclass(frozen=True)
class QueueStats:
    """How much work waits, runs and failed, and the oldest waiting task."""

    counts: dict[TaskStatus, int]
    oldest_waiting: datetime | None


def backoff(attempt: int, *, rng: random.Random | None = None) -> timedelta:
    """The wait after failed attempt `attempt` (1, 2, 4 … s, at most 5 min, ±20 % jitter)."""
    base = min(2.0 ** (attempt - 1), MAX_BACKOFF.total_seconds())
    jitter = (rng or random).uniform(0.8, 1.2)
    return timedelta(seconds=min(base * jitter, MAX_BACKOFF.total_seconds()))


def post_lane(team_id: str, channel_id: str) -> str:
    """The lane of posts to one channel (or one person's DM): paced about one a second."""
    return f"post:{team_id}:{channel_id}"


def lane_slot(latest: datetime | None, now: datetime) -> datetime:
    """When the next post in a lane may go, after the latest one already planned."""
    return now if latest is None else max(now, latest + LANE_INTERVAL)
