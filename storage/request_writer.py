"""The intake's own connection: each batch of request tasks is one statement sent through the
driver, with no session, pool checkout or transaction object around it.

That write is on the path of every ack, and everything around it holds the interpreter the acks
need: through a pooled session a one-row batch costs about three times the statement itself.
The connection runs in autocommit (the one statement is its own transaction), is replaced after
RECYCLE_AFTER seconds idle (the pool recycles its own after as long in use), and after any
driver error but a refused row (RowsRefusedError), which says nothing about the connection. A
task the table can't store as it is never reaches the statement (storage.storable).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.domain.tasks import NewTask
from storage.pg_accept import execute_on_postgres
from storage.sqlite_accept import execute_on_sqlite
from storage.storable import refuse_unstorable

RECYCLE_AFTER = 300.0  # seconds
STATEMENT_TIMEOUT_MS = 2000  # as long as a listener waits for its commit
# Seconds: only a failure this fast is retried (a connection the server closed fails at once):
# a slower one has used up the time its listeners wait (ACCEPT_TIMEOUT plus IN_FLIGHT_GRACE in
# bot.runtime.intake). The retry has its own statement timeout, so in a rare case (a fast
# failure, then a slow database) it can still be written after its listeners gave up.
RETRY_WITHIN = 0.25


class AcceptFailedError(RuntimeError):
    """The database refused or lost the batch: none of it is known to be accepted."""


class RowsRefusedError(AcceptFailedError):
    """The database refused what the batch holds (a value it cannot store), not the connection:
    nothing of the batch was written, and the same rows would be refused again."""


class RequestWriter:
    """Insert request tasks on a connection of its own; one caller at a time."""

    def __init__(
        self,
        engine: Engine,
        turn: Callable[[], AbstractContextManager[None]],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Write through `engine`'s driver, taking `turn` (SQLite's single writer) for each."""
        self._engine = engine
        self._turn = turn
        self._monotonic = monotonic
        self._postgres = engine.dialect.name == "postgresql"
        dbapi = engine.dialect.loaded_dbapi
        self._driver_error: type[Exception] = dbapi.Error
        self._refused_rows = (dbapi.DataError, dbapi.IntegrityError, UnicodeError)
        self._lock = threading.Lock()
        self._driver: Any = None  # the driver's own connection, detached from the pool
        self._last_use = 0.0

    def accept(self, *, tasks: Sequence[NewTask], now: datetime) -> set[str]:
        """Insert `tasks` (request tasks: no children), skipping keys already queued; the keys
        inserted. A connection that failed fast after serving before (the server restarted,
        say) is replaced and the batch tried once more: the statement skips what it wrote. A
        failure that took longer (a statement timeout) is not: its listeners have no time left.
        UnstorableTaskError, before any statement, when some tasks can't be stored as they
        are; RowsRefusedError when the database refused the rows themselves."""
        if not tasks:
            return set()
        if any(t.children for t in tasks):
            raise ValueError("request tasks have no children")
        refuse_unstorable(list(tasks))
        with self._turn(), self._lock:
            served_before = self._keep_if_recent()
            started = self._monotonic()
            try:
                return self._execute(tasks, now)
            except RowsRefusedError:
                raise
            except AcceptFailedError:
                if not served_before or self._monotonic() - started > RETRY_WITHIN:
                    raise
            return self._execute(tasks, now)  # on a new connection, once

    def close(self) -> None:
        """Close the connection (the next `accept` opens a new one)."""
        with self._lock:
            self._close()

    def _keep_if_recent(self) -> bool:
        """Whether a connection is open and served within RECYCLE_AFTER; one idle longer is
        closed here (the next statement opens a new one)."""
        if self._driver is None:
            return False
        if self._monotonic() - self._last_use <= RECYCLE_AFTER:
            return True
        self._close()
        return False

    def _execute(self, tasks: Sequence[NewTask], now: datetime) -> set[str]:
        """The statement on this writer's connection; a driver error but a refused row closes
        the connection."""
        try:
            driver = self._connect()
            if self._postgres:
                with driver.cursor() as cursor:
                    keys = execute_on_postgres(cursor, tasks, now)
            else:
                cursor = driver.cursor()
                try:
                    keys = execute_on_sqlite(cursor, tasks, now)
                finally:
                    cursor.close()
        except self._refused_rows as error:  # a value the database cannot store
            raise RowsRefusedError(type(error).__name__) from error
        except (self._driver_error, SQLAlchemyError) as error:  # connecting raises the latter
            self._close()
            raise AcceptFailedError(type(error).__name__) from error
        self._last_use = self._monotonic()
        return keys

    def _connect(self) -> Any:
        if self._driver is None:
            fairy = self._engine.raw_connection()  # connect events (SQLite's pragmas) applied
            self._driver = fairy.driver_connection
            fairy.detach()  # ours alone: never handed back to the pool in autocommit
            if self._postgres:
                self._driver.autocommit = True
                self._driver.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
            else:
                self._driver.isolation_level = None  # autocommit: the statement is its transaction
                # another process holding SQLite's write lock (a worker, the CLI) is waited
                # for only as long as a listener waits, not the pool's 10 s
                self._driver.execute(f"PRAGMA busy_timeout = {STATEMENT_TIMEOUT_MS}")
        return self._driver

    def _close(self) -> None:
        """Close the driver's connection itself: the pool's wrapper would roll back first and
        log a broken connection's failure as an ERROR with its traceback."""
        driver, self._driver = self._driver, None
        if driver is not None:
            with contextlib.suppress(self._driver_error):  # broken already: nothing left to do
                driver.close()
