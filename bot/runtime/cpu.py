"""CPU slots: how many threads of work after the ack may run Python at once.

Work after the ack mostly waits on Slack; while it waits it gives its slot back, so dozens of
steps can wait at once while only a couple compete with the acks for the interpreter.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class CpuSlots:
    """A semaphore of `slots`, given back during network waits (`io_wait`)."""

    def __init__(self, slots: int) -> None:
        """At most `slots` holders at a time."""
        self._slots = threading.Semaphore(slots)
        self._local = threading.local()

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold a slot for the block."""
        self._slots.acquire()
        self._local.held = True
        try:
            yield
        finally:
            self._local.held = False
            self._slots.release()

    @contextmanager
    def io_wait(self) -> Iterator[None]:
        """Give the slot back while the block waits on the network (if this thread holds one)."""
        if not getattr(self._local, "held", False):
            yield
            return
        self._local.held = False
        self._slots.release()
        try:
            yield
        finally:
            self._slots.acquire()
            self._local.held = True
