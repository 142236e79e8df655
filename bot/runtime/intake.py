"""The intake: requests from Slack become tasks in the database before Slack gets its 200.

Listener threads hand their task to one writer thread and wait; the writer commits everything
that arrived meanwhile in one statement (group commit), so a burst of requests costs a few
commits, not one each. The statement runs in autocommit on a connection of the writer's own
(storage.request_writer): on PostgreSQL one round trip. A task that can't be stored as it is
(storage.storable) is refused alone, and one the database refuses is found by splitting its
batch: everyone else's request is accepted. Every statement of a batch ends before its oldest
listener stops waiting, so "not accepted" is never said of a request that is then written.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from bot.domain.tasks import NewTask
from storage.database import Database
from storage.request_writer import AcceptFailedError, RowsRefusedError
from storage.storable import UnstorableTaskError

log = logging.getLogger(__name__)

ACCEPT_TIMEOUT = 2.0  # seconds a listener waits for its commit (Slack allows 3 for the ack)
IN_FLIGHT_GRACE = 0.5  # more seconds for a task whose batch is being written at the timeout
# Seconds before its oldest listener stops waiting by which a batch's statement has ended:
# time for the answer to reach the listener.
ANSWER_MARGIN = 0.1
MAX_BATCH = 500


class NotAcceptedError(RuntimeError):
    """The request could not be recorded: nothing was accepted. `lasting` when the request
    itself can't be stored, so the same request would be refused again."""

    def __init__(self, reason: str, *, lasting: bool = False) -> None:
        """`reason` names what failed (the driver's error, or the time out)."""
        super().__init__(reason)
        self.lasting = lasting


class _Waiter:
    """One listener's task and how its batch went; `done` is released when it is known.

    A bare lock, not a Future: the listener blocks on it once and the writer releases it once,
    with none of a Future's condition, callbacks and state machine on the path of every ack."""

    __slots__ = ("done", "error", "new", "queued", "task")

    def __init__(self, task: NewTask) -> None:
        self.task = task
        self.queued = time.monotonic()
        self.new = False
        self.error: Exception | None = None
        self.done = threading.Lock()
        self.done.acquire()


class Intake:
    """Accept tasks durably, in batches, from many threads at once."""

    def __init__(
        self, database: Database, clock: Callable[[], datetime], on_commit: Callable[[], None]
    ) -> None:
        """Nothing runs until the first `accept`."""
        self._writer = database.request_writer()
        self._clock = clock
        self._on_commit = on_commit
        self._ready = threading.Condition()
        self._pending: list[_Waiter] = []
        self._thread: threading.Thread | None = None

    def accept(self, task: NewTask) -> bool:
        """Record `task`; True when new, False when its key was accepted before (a retry)."""
        waiter = _Waiter(task)
        with self._ready:
            self._pending.append(waiter)
            if self._thread is None:
                self._thread = threading.Thread(target=self._write, name="intake", daemon=True)
                self._thread.start()
            self._ready.notify()
        if not waiter.done.acquire(timeout=ACCEPT_TIMEOUT) and not self._late(waiter):
            raise NotAcceptedError("the database did not answer in time")
        error = waiter.error
        if error is not None:  # ours name the driver's error, or why the task can't be stored
            lasting = isinstance(error, UnstorableTaskError)
            named = lasting or isinstance(error, AcceptFailedError)
            why = str(error) if named else type(error).__name__
            raise NotAcceptedError(why, lasting=lasting) from error
        return waiter.new

    def _late(self, waiter: _Waiter) -> bool:
        """After the timeout: a task still waiting for its batch is taken back (never written,
        so "not accepted" is true); one being written gets IN_FLIGHT_GRACE more. Whether its
        outcome is known now."""
        with self._ready:
            if waiter in self._pending:
                self._pending.remove(waiter)
                return False
        return waiter.done.acquire(timeout=IN_FLIGHT_GRACE)

    def _take(self) -> list[_Waiter]:
        with self._ready:
            while not self._pending:
                self._ready.wait()
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            return batch

    def _write(self) -> None:
        while True:
            batch = self._take()
            first: dict[str, NewTask] = {}
            for waiter in batch:
                first.setdefault(waiter.task.key, waiter.task)
            oldest = min(waiter.queued for waiter in batch)
            deadline = oldest + ACCEPT_TIMEOUT + IN_FLIGHT_GRACE - ANSWER_MARGIN
            new, errors = self._accept(list(first.values()), deadline)
            for waiter in batch:
                task = waiter.task
                waiter.new = first.get(task.key) is task and task.key in new
                waiter.error = errors.get(task.key)
                waiter.done.release()
            if new:
                try:
                    self._on_commit()
                except Exception:  # a wake-up that failed must not stop the intake
                    log.exception("waking the worker after a commit failed")

    def _accept(
        self, tasks: list[NewTask], deadline: float
    ) -> tuple[set[str], dict[str, Exception]]:
        """The keys inserted, and the error of each key that was not; every statement ends by
        `deadline`, while its listeners still wait. A task that can't be stored as it is is
        refused alone; a batch with a row the database refused is split in halves until the
        refused rows are alone (a few statements, not one per task)."""
        try:
            return self._writer.accept(tasks=tasks, now=self._clock(), deadline=deadline), {}
        except UnstorableTaskError as error:  # checked before any statement: the rest can go
            log.warning("could not accept %d request(s): %s", len(error.reasons), error)
            errors: dict[str, Exception] = dict.fromkeys(error.reasons, error)
            parts = [[t for t in tasks if t.key not in error.reasons]]
        except RowsRefusedError as error:
            if len(tasks) == 1:
                log.warning("could not accept a request: the database refused it (%s)", error)
                return set(), {tasks[0].key: error}
            errors, half = {}, len(tasks) // 2
            parts = [tasks[:half], tasks[half:]]
        except AcceptFailedError as error:  # names the driver's error
            log.warning("could not accept %d request(s): %s", len(tasks), error)
            return set(), dict.fromkeys((t.key for t in tasks), error)
        except Exception as error:  # every waiter hears it; the writer keeps going
            log.exception("could not accept %d request(s)", len(tasks))
            return set(), dict.fromkeys((t.key for t in tasks), error)
        new: set[str] = set()
        for part in parts:
            if part:
                inserted, failed = self._accept(part, deadline)
                new |= inserted
                errors |= failed
        return new, errors
