"""The worker: claims due tasks from the database and runs each on the threads of its class.

A task runs while its claim's lease is renewed; a worker that dies stops renewing, and any
worker puts its tasks back once the lease expires. How a task ended (done, deferred, failed)
is recorded with whatever it leads to, in one transaction.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.domain.tasks import Task, TaskClass
from bot.runtime.task_run import run_task
from bot.services.tasks import TaskHandler
from storage.tasks_repo import claim_tasks, release_tasks, renew_leases, requeue_expired

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=15)
RENEW_EVERY = 3.0  # seconds
IDLE_POLL = 0.5  # seconds between looks for work other processes queued
CAPACITY: Mapping[TaskClass, int] = {
    TaskClass.INTERACTIVE: 8,
    TaskClass.GIVING: 64,
    TaskClass.BACKGROUND: 8,
}


def worker_name() -> str:
    """This process, as task claims name it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


class Worker:
    """Run tasks from the queue until stopped; `wake()` says new work may be waiting."""

    def __init__(self, services: Deps, handlers: Mapping[str, TaskHandler]) -> None:
        """Ready to `start()`."""
        self._services = services
        self._handlers = handlers
        self._name = worker_name()
        self._wakeup = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._running: dict[int, TaskClass] = {}
        self._pools = {
            klass: ThreadPoolExecutor(size, thread_name_prefix=f"task-{klass.value}")
            for klass, size in CAPACITY.items()
        }
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start claiming work in the background."""
        self._thread = threading.Thread(target=self._dispatch, name="task-dispatch", daemon=True)
        self._thread.start()
        log.info("worker %s running", self._name)

    def wake(self) -> None:
        """New work may be waiting: look now rather than at the next poll."""
        self._wakeup.set()

    def stop(self, grace: float) -> None:
        """Claim nothing more; let running tasks finish for `grace` seconds; put back the rest."""
        self._stopping.set()
        self._wakeup.set()
        deadline = time.monotonic() + grace
        while self._running_ids() and time.monotonic() < deadline:
            time.sleep(0.05)
        left = self._running_ids()
        if left:
            with self._services.database.transaction() as session:
                release_tasks(session=session, worker=self._name, ids=left, now=self._now())
            log.warning("stopped with %d task(s) unfinished; they run again later", len(left))
        log.info("worker %s stopped", self._name)

    def idle(self) -> bool:
        """True when no task is running here."""
        return not self._running_ids()

    def _running_ids(self) -> list[int]:
        with self._lock:
            return list(self._running)

    def _now(self) -> datetime:
        return self._services.clock()

    def _dispatch(self) -> None:
        last_upkeep = 0.0
        while not self._stopping.is_set():
            if time.monotonic() - last_upkeep > RENEW_EVERY:
                self._upkeep()
                last_upkeep = time.monotonic()
            claimed = self._claim_all()
            self._wakeup.wait(0 if claimed else IDLE_POLL)
            self._wakeup.clear()

    def _upkeep(self) -> None:
        now = self._now()
        try:
            with self._services.database.transaction() as session:
                renew_leases(session=session, worker=self._name, until=now + LEASE)
                expired = requeue_expired(session=session, now=now)
        except Exception:  # the dispatcher must outlive a database hiccup
            log.warning("could not renew task leases", exc_info=True)
            return
        if expired:
            log.warning("%d task(s) of a stopped worker put back in the queue", expired)

    def _claim_all(self) -> bool:
        claimed = False
        for klass, size in CAPACITY.items():
            with self._lock:
                free = size - sum(1 for k in self._running.values() if k is klass)
            if free <= 0 or self._stopping.is_set():
                continue
            for task in self._claim(klass, free):
                claimed = True
                with self._lock:
                    self._running[task.id] = klass
                self._pools[klass].submit(self._execute, task)
        return claimed

    def _claim(self, klass: TaskClass, limit: int) -> list[Task]:
        now = self._now()
        try:
            with self._services.database.transaction() as session:
                return claim_tasks(
                    session=session,
                    klass=klass,
                    limit=limit,
                    worker=self._name,
                    now=now,
                    lease_until=now + LEASE,
                )
        except Exception:  # the dispatcher must outlive a database hiccup
            log.warning("could not claim %s tasks", klass.value, exc_info=True)
            time.sleep(IDLE_POLL)
            return []

    def _execute(self, task: Task) -> None:
        try:
            run_task(self._services, self._handlers, task)
        finally:
            with self._lock:
                self._running.pop(task.id, None)
            self._wakeup.set()
