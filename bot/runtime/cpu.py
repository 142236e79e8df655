"""CPU slots: how many threads of work after the ack run Python at once, and acks first.

Work after the ack mostly waits on Slack; while it waits it gives its slot back, so dozens of
steps can wait at once while only a couple compete with the acks for the interpreter. While
requests are being acked, a step about to take a slot first waits (briefly) for a pause:
the work is safe in the database, and Slack is waiting for the ack.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

ACKS_FIRST_WAIT = 0.2  # seconds a step lets acks go first before it takes its slot anyway


class CpuSlots:
    """A semaphore of `slots`, given back during network waits (`io_wait`), yielding to acks."""

    def __init__(self, slots: int) -> None:
        """At most `slots` holders at a time."""
        self._slots = threading.Semaphore(slots)
        self._local = threading.local()
        self._acks = 0
        self._quiet = threading.Condition()

    @contextmanager
    def acking(self) -> Iterator[None]:
        """Around a request being acked: steps wait for a pause before taking a slot."""
        with self._quiet:
            self._acks += 1
        try:
            yield
        finally:
            with self._quiet:
                self._acks -= 1
                if self._acks == 0:
                    self._quiet.notify_all()

    def acks_first(self) -> None:
        """Wait (briefly) until no request is being acked."""
        with self._quiet:
            if self._acks:
                self._quiet.wait_for(lambda: self._acks == 0, timeout=ACKS_FIRST_WAIT)

    def _take(self) -> None:
        self._slots.acquire()  # then wait for a pause holding it, so at most `slots` wait
        self.acks_first()
        self._local.held = True

    def _give(self) -> None:
        self._local.held = False
        self._slots.release()

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold a slot for the block."""
        self._take()
        try:
            yield
        finally:
            self._give()

    @contextmanager
    def io_wait(self) -> Iterator[None]:
        """Give the slot back while the block waits on the network (if this thread holds one)."""
        if not getattr(self._local, "held", False):
            yield
            return
        self._give()
        try:
            yield
        finally:
            self._take()
