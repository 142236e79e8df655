"""One background thread that runs keyed tasks after a delay, once per key per burst.

A task submitted for a key that is already waiting replaces the waiting one and keeps its
due time, so a burst of submissions for one key within `delay` seconds runs once, with the
newest task. Used to republish a person's Home once after a burst of kudos, not once each.
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Callable, Hashable

log = logging.getLogger(__name__)

Task = Callable[[], None]


class CoalescingWorker:
    """Run each key's newest task `delay` seconds after its first submission, on one thread."""

    def __init__(self, *, delay: float, name: str) -> None:
        self._delay = delay
        self._name = name
        self._ready = threading.Condition()
        self._due: list[tuple[float, int, Hashable]] = []
        self._tasks: dict[Hashable, Task] = {}
        self._submitted = 0
        self._running = False
        self._thread: threading.Thread | None = None

    def submit(self, key: Hashable, task: Task) -> None:
        """Run `task` after the delay, unless a newer task for `key` replaces it first."""
        with self._ready:
            if key not in self._tasks:
                self._submitted += 1
                heapq.heappush(self._due, (time.monotonic() + self._delay, self._submitted, key))
            self._tasks[key] = task
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name=self._name, daemon=True)
                self._thread.start()
            self._ready.notify()

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is waiting or running; False if `timeout` seconds pass first."""
        deadline = time.monotonic() + timeout
        with self._ready:
            while self._tasks or self._running:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._ready.wait(left)
        return True

    def _next_task(self) -> tuple[Hashable, Task]:
        with self._ready:
            self._running = False
            self._ready.notify_all()
            while not self._due or self._due[0][0] > time.monotonic():
                self._ready.wait(self._due[0][0] - time.monotonic() if self._due else None)
            _, _, key = heapq.heappop(self._due)
            self._running = True
            return key, self._tasks.pop(key)

    def _work(self) -> None:
        while True:
            key, task = self._next_task()
            try:
                task()
            except Exception:  # this thread's one catch-all: a failed task must not stop it
                log.exception("background task for %r failed", key)
