"""Slack's rate limits as this process learns them: a 429 holds back only that method (and, for
chat.postMessage, only that channel) until its Retry-After; nobody sleeps in the meantime."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta


class Held(Exception):  # noqa: N818  (a condition, not a bug: the step runs again at `until`)
    """A call that must not go out before `until`; the step is deferred, not failed."""

    def __init__(self, until: datetime, reason: str) -> None:
        """Held back until `until` for `reason` (e.g. 'ratelimited by Slack')."""
        super().__init__(f"{reason} until {until.isoformat()}")
        self.until = until
        self.reason = reason


def hold_key(team_id: str | None, method: str, channel: str | None) -> tuple[str, str, str]:
    """What one 429 holds back: a method in a workspace, and a channel for chat.postMessage."""
    return (team_id or "", method, channel if method == "chat.postMessage" and channel else "")


class SlackHolds:
    """Holds learnt from 429 answers, shared by every client of this process."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        """No holds yet."""
        self._clock = clock
        self._lock = threading.Lock()
        self._until: dict[tuple[str, str, str], datetime] = {}

    def check(self, key: tuple[str, str, str]) -> None:
        """Raise Held while `key` is held."""
        with self._lock:
            until = self._until.get(key)
            if until is not None and until <= self._clock():
                del self._until[key]
                until = None
        if until is not None:
            raise Held(until, f"Slack asked to slow down {key[1]}")

    def hold(self, key: tuple[str, str, str], seconds: float) -> datetime:
        """Hold `key` for `seconds` (Slack's Retry-After); return until when."""
        until = self._clock() + timedelta(seconds=max(seconds, 1.0))
        with self._lock:
            self._until[key] = max(until, self._until.get(key, until))
            return self._until[key]
