"""tests.support.fake_slack, noting when each response_url first received a post."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

from tests.support.fake_slack import FakeSlack

RESPONSE_PREFIX = "/response/"


class TimedFakeSlack(FakeSlack):
    """A FakeSlack that also notes when each response_url first received a post."""

    def __init__(self) -> None:
        super().__init__()
        self._arrivals_lock = threading.Lock()
        self._arrivals: dict[str, float] = {}

    def handle_http(self, verb: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        """Answer like FakeSlack; remember the arrival time of response_url posts."""
        reply = super().handle_http(verb, path, headers, body)
        if verb == "POST" and path.startswith(RESPONSE_PREFIX):
            now = time.perf_counter()
            with self._arrivals_lock:
                self._arrivals.setdefault(path[len(RESPONSE_PREFIX) :], now)
        return reply

    def arrivals(self, names: Sequence[str]) -> dict[str, float]:
        """perf_counter() time of the first post to each of these response_url names so far."""
        with self._arrivals_lock:
            return {name: self._arrivals[name] for name in names if name in self._arrivals}
