"""Threads that run what they are handed and never keep the process from exiting.

Unlike `concurrent.futures`, whose threads are joined at exit, a step stuck on a hung Slack
call past the shutdown grace does not hold up the exit: it was put back in the queue.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class DaemonPool:
    """`size` daemon threads taking work from one queue."""

    def __init__(self, size: int, name: str) -> None:
        """Nothing runs until `start()`."""
        self._size = size
        self._name = name
        self._work: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()

    def start(self) -> None:
        """Start the threads."""
        for index in range(self._size):
            threading.Thread(target=self._run, name=f"{self._name}-{index}", daemon=True).start()

    def submit(self, work: Callable[[], None]) -> None:
        """Run `work` on the next free thread (callers never hand more than `size` at once)."""
        self._work.put(work)

    def _run(self) -> None:
        while True:
            work = self._work.get()
            try:
                work()
            except Exception:  # a thread's last resort: log, and stay alive for the next
                log.exception("work on %s failed", threading.current_thread().name)
