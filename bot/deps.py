"""What listeners, task handlers and jobs need, created in one place and passed explicitly:
every executor, cache and worker's shared state.

May import: bot.config, bot.domain, bot.runtime, bot.slack, storage.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store import InstallationStore

from bot.config import Settings
from bot.runtime.cpu import CpuSlots
from bot.runtime.intake import Intake
from bot.slack.groups import UserGroups
from bot.slack.holds import SlackHolds
from bot.slack.oauth import WorkspaceInstallationStore
from bot.slack.people import PeopleDirectory
from bot.slack.tokens import BotTokens
from storage.database import Database

Clock = Callable[[], datetime]
CPU_SLOTS = 2  # threads of work after the ack running Python at once: the acks keep their share
RECHECK_SECONDS = 600.0


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


class Wakeup:
    """Tells the worker of this process that new tasks were committed."""

    def __init__(self) -> None:
        """Nobody listens yet."""
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener` on every commit of new tasks."""
        self._listeners.append(listener)

    def __call__(self) -> None:
        """New tasks were committed."""
        for listener in self._listeners:
            listener()


class InstalledTeams:
    """Teams recently seen installed, so only the first task per team and period checks."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        """An empty memory."""
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()
        self._monotonic = monotonic

    def needs_check(self, team_id: str) -> bool:
        """True when `team_id` was not confirmed installed in the last RECHECK_SECONDS."""
        now = self._monotonic()
        with self._lock:
            seen = self._seen.get(team_id)
            if seen is not None and now - seen < RECHECK_SECONDS:
                return False
            self._seen[team_id] = now
            return True

    def forget(self, team_id: str) -> None:
        """The team uninstalled: check it again on its next request."""
        with self._lock:
            self._seen.pop(team_id, None)


@dataclass(frozen=True)
class Deps:
    """Settings, database, clock, caches, the intake and the worker's shared state."""

    settings: Settings
    database: Database
    clock: Clock = utc_now
    people: PeopleDirectory = field(default_factory=PeopleDirectory)
    groups: UserGroups = field(default_factory=UserGroups)
    installation_store: InstallationStore | None = None  # set in multi-workspace OAuth mode
    cpu: CpuSlots = field(default_factory=lambda: CpuSlots(CPU_SLOTS))
    holds: SlackHolds = field(default_factory=lambda: SlackHolds(utc_now))
    wakeup: Wakeup = field(default_factory=Wakeup)
    installed: InstalledTeams = field(default_factory=InstalledTeams)
    tokens: BotTokens = field(default_factory=BotTokens)
    intake: Intake = field(init=False)

    def __post_init__(self) -> None:
        """The intake writes to this database and wakes this process's worker."""
        object.__setattr__(self, "intake", Intake(self.database, self.clock, self.wakeup))


def make_deps(settings: Settings, database: Database, clock: Clock = utc_now) -> Deps:
    """Listeners', tasks' and jobs' dependencies; with the installation store in OAuth mode."""
    tokens = BotTokens()  # the store forgets a workspace's token when it installs again
    store = None
    if settings.oauth_enabled and settings.slack_client_id:
        store = WorkspaceInstallationStore(
            client_id=settings.slack_client_id, database=database, clock=clock, tokens=tokens
        )
    return Deps(
        settings=settings, database=database, clock=clock, installation_store=store, tokens=tokens
    )
