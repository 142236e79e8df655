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
from datetime import datetime, timedelta
from functools import partial

from bot.deps import Deps
from bot.domain.tasks import Task, TaskClass
from bot.runtime.daemon_pool import DaemonPool
from bot.runtime.task_run import run_task
from bot.services.tasks import TaskHandler
from storage.tasks_repo import (
    claim_due,
    release_tasks,
    renew_leases,
    requeue_expired,
    requeue_worker,
    running_workers,
)

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=15)
RENEW_EVERY = 3.0  # seconds
IDLE_POLL = 0.5  # seconds between looks for work other processes queued
BUSY_PAUSE = 0.02  # seconds between claims while work flows, so one claim takes several
CAPACITY: Mapping[TaskClass, int] = {
    TaskClass.INTERACTIVE: 8,
    TaskClass.GIVING: 64,
    TaskClass.BACKGROUND: 8,
}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
        self._claiming = threading.Lock()  # held from a claim until its tasks are counted
        self._running: dict[int, TaskClass] = {}
        self._pools = {
            klass: DaemonPool(size, f"task-{klass.value}") for klass, size in CAPACITY.items()
        }
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Put back what dead workers of this machine held, then claim work in the background."""
        self._requeue_orphans()
        for pool in self._pools.values():
            pool.start()
        self._thread = threading.Thread(target=self._dispatch, name="task-dispatch", daemon=True)
        self._thread.start()
        log.info("worker %s running", self._name)

    def _requeue_orphans(self) -> None:
        """A worker of this host whose process is gone (killed, crashed) left claims behind:
        take them up now instead of waiting for their leases to run out."""
        host = self._name.rsplit(":", 1)[0]
        with self._services.database.transaction() as session:
            for worker in running_workers(session=session):
                where, _, pid = worker.rpartition(":")
                if where != host or not pid.isdigit() or _alive(int(pid)):
                    continue
                count = requeue_worker(session=session, worker=worker, now=self._now())
                log.warning("put back %d task(s) of %s, which stopped without them", count, worker)

    def wake(self) -> None:
        """New work may be waiting: look now rather than at the next poll."""
        self._wakeup.set()

    def stop(self, grace: float) -> None:
        """Claim nothing more; let running tasks finish for `grace` seconds, their leases
        renewed meanwhile (no other worker takes them up); put back the rest."""
        deadline = time.monotonic() + grace
        self._stopping.set()
        self._wakeup.set()
        # a claim under way counts its tasks first (none come after it), within the grace
        if self._claiming.acquire(timeout=max(deadline - time.monotonic(), 0.0)):
            self._claiming.release()
        renewed = time.monotonic()
        while self._running_ids() and time.monotonic() < deadline:
            if time.monotonic() - renewed > RENEW_EVERY:
                self._upkeep()
                renewed = time.monotonic()
            time.sleep(0.05)
        left = self._running_ids()
        if left:
            with self._services.database.transaction() as session:
                release_tasks(session=session, worker=self._name, ids=left, now=self._now())
            log.warning("stopped with %d task(s) unfinished; they run again later", len(left))
        log.info("worker %s stopped", self._name)

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
            if self._claim_all():
                time.sleep(BUSY_PAUSE)  # let more work gather: one claim then takes several
                continue
            self._wakeup.wait(IDLE_POLL)
            self._wakeup.clear()

    def _upkeep(self) -> None:
        now = self._now()
        try:
            with self._services.database.transaction() as session:
                renew_leases(
                    session=session, worker=self._name, ids=self._running_ids(), until=now + LEASE
                )
                expired = requeue_expired(session=session, now=now)
        except Exception:  # the dispatcher must outlive a database hiccup
            log.warning("could not renew task leases", exc_info=True)
            return
        if expired:
            log.warning("%d task(s) of a stopped worker put back in the queue", expired)

    def _free(self) -> dict[TaskClass, int]:
        with self._lock:
            busy = list(self._running.values())
        free = {klass: size - busy.count(klass) for klass, size in CAPACITY.items()}
        return {klass: n for klass, n in free.items() if n > 0}

    def _claim_all(self) -> bool:
        with self._claiming:
            free = self._free()
            if not free or self._stopping.is_set():
                return False
            self._services.cpu.acks_first()
            claimed = self._claim(free)
            for task in claimed:
                with self._lock:
                    self._running[task.id] = task.klass
                self._pools[task.klass].submit(partial(self._execute, task))
            return bool(claimed)

    def _claim(self, free: dict[TaskClass, int]) -> list[Task]:
        """Up to `free[klass]` due tasks of each class, in one statement."""
        now = self._now()
        try:
            with self._services.database.transaction() as session:
                return claim_due(
                    session=session,
                    limits=free,
                    worker=self._name,
                    now=now,
                    lease_until=now + LEASE,
                )
        except Exception:  # the dispatcher must outlive a database hiccup
            log.warning("could not claim tasks", exc_info=True)
            time.sleep(IDLE_POLL)
            return []

    def _execute(self, task: Task) -> None:
        try:
            run_task(self._services, self._handlers, task, self._name)
        finally:
            with self._lock:
                self._running.pop(task.id, None)
            self._wakeup.set()
