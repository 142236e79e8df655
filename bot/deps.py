"""What handlers need, passed to them explicitly at registration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store import InstallationStore

from bot.config import Settings
from bot.people import PeopleDirectory
from storage.database import Database

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    """Settings, database, clock and caches shared by every handler."""

    settings: Settings
    database: Database
    clock: Clock = utc_now
    people: PeopleDirectory = field(default_factory=PeopleDirectory)
    installation_store: InstallationStore | None = None  # set in multi-workspace OAuth mode
