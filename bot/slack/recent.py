"""A thread-safe, time-limited, size-bounded memory of recent Web API answers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class RecentAnswers(Generic[K, V]):
    """Answers kept for `ttl_seconds`, at most `max_entries` of them (the oldest forgotten)."""

    def __init__(
        self,
        *,
        ttl_seconds: float,
        max_entries: int,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Empty until `remember`."""
        self._ttl = ttl_seconds
        self._max = max_entries
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._entries: dict[K, tuple[float, V]] = {}

    def get(self, key: K) -> V | None:
        """The answer remembered for `key` while it is fresh, else None."""
        with self._lock:
            hit = self._entries.get(key)
        if hit is None or self._monotonic() - hit[0] > self._ttl:
            return None
        return hit[1]

    def remember(self, key: K, value: V) -> None:
        """Keep `value` for `key` from now on."""
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = (self._monotonic(), value)
            while len(self._entries) > self._max:  # dicts keep insertion order: oldest first
                del self._entries[next(iter(self._entries))]
