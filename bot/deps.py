"""What handlers need, passed to them explicitly at registration."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store import InstallationStore

from bot.coalescing_worker import CoalescingWorker
from bot.config import Settings
from bot.people import PeopleDirectory
from storage.database import Database

Clock = Callable[[], datetime]
AFTER_ACK_THREADS = 4  # opening modals, Home, commands other than giving
GIVING_THREADS = 2  # storing and delivering kudos: CPU that shares the GIL with acks
HOME_REFRESH_DELAY = 0.5  # seconds: a burst of kudos to one person republishes their Home once


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    """Settings, database, clock, caches and the background workers every handler shares."""

    settings: Settings
    database: Database
    clock: Clock = utc_now
    people: PeopleDirectory = field(default_factory=PeopleDirectory)
    installation_store: InstallationStore | None = None  # set in multi-workspace OAuth mode
    after_ack_pool: Executor = field(
        default_factory=lambda: ThreadPoolExecutor(
            AFTER_ACK_THREADS, thread_name_prefix="after-ack"
        )
    )
    giving_pool: Executor = field(
        default_factory=lambda: ThreadPoolExecutor(GIVING_THREADS, thread_name_prefix="giving")
    )
    home_refreshes: CoalescingWorker = field(
        default_factory=lambda: CoalescingWorker(delay=HOME_REFRESH_DELAY, name="home-refresh")
    )
