"""Taking turns at SQLite's single writer inside one process, urgent turns first."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Turns:
    """A re-entrant lock where an urgent taker (a request waiting for its ack) goes before
    everyone still waiting; waiting in SQLite's own busy handler would cost milliseconds."""

    def __init__(self) -> None:
        """Free."""
        self._cond = threading.Condition()
        self._owner: int | None = None
        self._depth = 0
        self._urgent_waiting = 0

    def _free_for(self, me: int, *, urgent: bool) -> bool:
        if self._owner not in (None, me):
            return False
        return urgent or self._owner == me or self._urgent_waiting == 0

    @contextmanager
    def turn(self, *, urgent: bool = False) -> Iterator[None]:
        """Hold the turn for the block."""
        me = threading.get_ident()
        with self._cond:
            self._urgent_waiting += urgent
            self._cond.wait_for(lambda: self._free_for(me, urgent=urgent))
            self._urgent_waiting -= urgent
            self._owner, self._depth = me, self._depth + 1
        try:
            yield
        finally:
            with self._cond:
                self._depth -= 1
                if self._depth == 0:
                    self._owner = None
                    self._cond.notify_all()
