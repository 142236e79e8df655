"""tests.support.fake_slack, noting when each Web API call and response_url post came."""

from __future__ import annotations

import threading
import time
from typing import Any

from tests.support.fake_slack import ApiCall, FakeSlack, ResponseCall

API_PREFIX = "/api/"
RESPONSE_PREFIX = "/response/"


class StampedFakeSlack(FakeSlack):
    """A FakeSlack that stamps every recorded call and response_url post with its arrival time.

    A request is stamped after FakeSlack recorded it and before its answer is written (the
    answer then waits out the configured latency): when Slack would have posted the message.
    """

    def __init__(self) -> None:
        super().__init__()
        self._stamps_lock = threading.Lock()
        self._call_stamps: list[float] = []  # perf_counter() time of calls[i]
        self._response_stamps: list[float] = []  # perf_counter() time of responses()[i]

    def handle_http(self, verb: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        """Answer like FakeSlack; stamp the calls or posts recorded so far and not yet stamped."""
        reply = super().handle_http(verb, path, headers, body)
        if path.startswith((API_PREFIX, RESPONSE_PREFIX)):
            now = time.perf_counter()
            with self._stamps_lock:
                calls, responses = len(self.calls), len(self.responses())
                self._call_stamps.extend([now] * (calls - len(self._call_stamps)))
                self._response_stamps.extend([now] * (responses - len(self._response_stamps)))
        return reply

    def reset(self) -> None:
        """Forget what FakeSlack.reset forgets, and the stamps with it."""
        with self._stamps_lock:
            super().reset()
            self._call_stamps.clear()
            self._response_stamps.clear()

    def stamped_delivered(self, method: str) -> list[tuple[ApiCall, float]]:
        """The calls of `method` answered ok, each with the perf_counter() time it came in."""
        with self._stamps_lock:
            pairs = list(zip(self.calls, self._call_stamps, strict=False))
        return [(call, at) for call, at in pairs if call.method == method and call.ok]

    def stamped_responses(self) -> list[tuple[ResponseCall, float]]:
        """The accepted response_url posts, each with the perf_counter() time it came in."""
        with self._stamps_lock:
            pairs = list(zip(self.responses(), self._response_stamps, strict=False))
        return [(post, at) for post, at in pairs if post.ok]
