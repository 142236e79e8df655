"""Start-up that needs no Bolt app: the database migrated, the worker, the scheduler, and
waiting for SIGTERM. `runner` adds the web side."""

from __future__ import annotations

import logging
import signal
import threading

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.deps import Deps, make_deps
from bot.jobs.catalog import default_jobs
from bot.jobs.registry import build_scheduler
from bot.runtime.worker import Worker
from bot.services.catalog import TASK_HANDLERS
from storage.database import Database
from storage.schema import upgrade_schema

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """The app cannot start; the message says why and what to check."""


def open_database(settings: Settings) -> Database:
    """The migrated database, or a StartupError saying what to check."""
    database = Database.from_url(settings.database_url)
    try:
        upgrade_schema(database.engine)
    except SQLAlchemyError as error:
        where = database.engine.url.render_as_string(hide_password=True)
        raise StartupError(
            f"cannot use the database {where}: {type(error).__name__}. "
            "Check DATABASE_URL and that the database server is running."
        ) from None
    return database


def make_worker(deps: Deps) -> Worker:
    """The worker for these deps, woken whenever this process accepts a request."""
    worker = Worker(deps, TASK_HANDLERS)
    deps.wakeup.subscribe(worker.wake)
    return worker


def wait_for_stop() -> None:
    """Block until SIGTERM or Ctrl-C."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()


def run_worker(settings: Settings) -> int:
    """Run only the worker, until SIGTERM (the Procfile's `worker` process)."""
    deps = make_deps(settings, open_database(settings))
    worker = make_worker(deps)
    worker.start()
    wait_for_stop()
    worker.stop(settings.shutdown_grace_seconds)
    return 0


def start_scheduler(settings: Settings, database: Database) -> None:
    """Run the scheduled jobs in this process, in the background."""
    jobs = default_jobs()
    build_scheduler(make_deps(settings, database), jobs).start()
    log.info("scheduler running in this process: %s", ", ".join(job.name for job in jobs))


def run_scheduler(settings: Settings) -> int:
    """Run only the scheduled jobs, until stopped (the Procfile's `clock` process)."""
    database = open_database(settings)
    jobs = default_jobs()
    scheduler = build_scheduler(make_deps(settings, database), jobs, blocking=True)
    log.info("scheduler running: %s", ", ".join(job.name for job in jobs))
    scheduler.start()
    return 0
