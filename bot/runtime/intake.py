"""The intake: requests from Slack become tasks in the database before Slack gets its 200.

Listener threads hand their task to one writer thread and wait; the writer commits everything
that arrived meanwhile in one statement (group commit), so a burst of requests costs a few
commits, not one each. The statement runs in autocommit on a connection of the writer's own
(storage.request_writer): on PostgreSQL one round trip.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime

from bot.domain.tasks import NewTask
from storage.database import Database
from storage.request_writer import AcceptFailedError

log = logging.getLogger(__name__)

ACCEPT_TIMEOUT = 2.0  # seconds a listener waits for its commit (Slack allows 3 for the ack)
MAX_BATCH = 500


class NotAcceptedError(RuntimeError):
    """The request could not be recorded: nothing was accepted."""


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
        self._pending: list[tuple[NewTask, Future[bool]]] = []
        self._thread: threading.Thread | None = None

    def accept(self, task: NewTask) -> bool:
        """Record `task`; True when new, False when its key was accepted before (a retry)."""
        future: Future[bool] = Future()
        with self._ready:
            self._pending.append((task, future))
            if self._thread is None:
                self._thread = threading.Thread(target=self._write, name="intake", daemon=True)
                self._thread.start()
            self._ready.notify()
        try:
            return future.result(timeout=ACCEPT_TIMEOUT)
        except FutureTimeout:
            raise NotAcceptedError("the database did not answer in time") from None
        except AcceptFailedError as error:  # names the driver's error
            raise NotAcceptedError(str(error)) from error

    def _take(self) -> list[tuple[NewTask, Future[bool]]]:
        with self._ready:
            while not self._pending:
                self._ready.wait()
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            return batch

    def _write(self) -> None:
        while True:
            batch = self._take()
            first: dict[str, NewTask] = {}
            for task, _ in batch:
                first.setdefault(task.key, task)
            try:
                new = self._writer.accept(tasks=list(first.values()), now=self._clock())
            except Exception as error:  # every waiter hears it; the writer keeps going
                why = str(error) if isinstance(error, AcceptFailedError) else type(error).__name__
                log.warning("could not accept %d request(s): %s", len(batch), why)
                for _, future in batch:
                    future.set_exception(error)
                continue
            for task, future in batch:
                future.set_result(first.get(task.key) is task and task.key in new)
            if new:
                self._on_commit()
