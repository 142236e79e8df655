"""CPU slots: how many threads of work after the ack run Python at once, and acks first.

Work after the ack mostly waits on Slack; while it waits it gives its slot back, so dozens of
steps can wait at once while only a couple compete with the acks for the interpreter. While
requests are being acked, a step about to take a slot, or to call Slack, first waits (at most
ACKS_FIRST_WAIT) for a pause: the work is safe in the database, and Slack is waiting for the ack.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

ACKS_FIRST_WAIT = 1.0  # seconds a step lets acks go first before it takes its slot anyway
QUIET = 0.005  # seconds without a request being acked that count as a pause


class CpuSlots:
    """A semaphore of `slots`, given back during network waits (`io_wait`), yielding to acks."""

    def __init__(self, slots: int) -> None:
        """At most `slots` holders at a time."""
        self._slots = threading.Semaphore(slots)
        self._local = threading.local()
        self._acks = 0
        self._last_ack = 0.0
        self._quiet = threading.Condition()
        self._watching = False  # a waiter is looking for the pause

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
                self._last_ack = time.monotonic()

    @property
    def acks_in_flight(self) -> int:
        """How many requests are being acked right now."""
        with self._quiet:
            return self._acks

    def acks_first(self) -> None:
        """Wait (at most ACKS_FIRST_WAIT) for a pause: no request acked for QUIET seconds.

        One waiter at a time looks every QUIET seconds; the others sleep until it sees the
        pause (or their time is up), so dozens of waiting steps cost the acks no wake-ups."""
        deadline = time.monotonic() + ACKS_FIRST_WAIT
        with self._quiet:
            while (now := time.monotonic()) < deadline:
                if self._acks == 0 and now - self._last_ack >= QUIET:
                    self._quiet.notify_all()
                    return
                if self._watching:
                    self._quiet.wait(deadline - now)
                    continue
                self._watching = True
                try:
                    self._quiet.wait(min(QUIET, deadline - now))
                finally:
                    self._watching = False
            self._quiet.notify()  # out of time: another waiter takes over the looking

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
        self.acks_first()  # the call, and the Slack work it sets off, waits for a pause too
        try:
            yield
        finally:
            self._take()
