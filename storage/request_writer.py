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
SHORTEST_STATEMENT_MS = 50  # with less time left before the deadline, no statement starts
# Seconds: only a failure this fast is retried (a connection the server closed fails at once):
# a slower one has used up the time its listeners wait (ACCEPT_TIMEOUT plus IN_FLIGHT_GRACE in
# bot.runtime.intake). The retry, like every statement, ends by the batch's deadline.
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
        self._timeout_ms: int | None = None  # the connection's statement timeout, once set
        self._last_use = 0.0

    def accept(
        self, *, tasks: Sequence[NewTask], now: datetime, deadline: float | None = None
    ) -> set[str]:
        """Insert `tasks` (request tasks: no children), skipping keys already queued; the keys
        inserted. The statement ends by `deadline` (this writer's monotonic clock; the time its
        listeners stop waiting) or fails, written or not, so "not accepted" stays true; it
        never waits longer than STATEMENT_TIMEOUT_MS. A connection that failed fast after
        serving before (the server restarted, say) is replaced and the batch tried once more:
        the statement skips what it wrote. A slower failure is not retried. UnstorableTaskError,
        before any statement, when some tasks can't be stored as they are; RowsRefusedError
        when the database refused the rows themselves."""
        if not tasks:
            return set()
        if any(t.children for t in tasks):
            raise ValueError("request tasks have no children")
        refuse_unstorable(list(tasks))
        with self._turn(), self._lock:
            served_before = self._keep_if_recent()
            started = self._monotonic()
            try:
                return self._execute(tasks, now, deadline)
            except RowsRefusedError:
                raise
            except AcceptFailedError:
                if not served_before or self._monotonic() - started > RETRY_WITHIN:
                    raise
            return self._execute(tasks, now, deadline)  # on a new connection, once

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

    def _execute(self, tasks: Sequence[NewTask], now: datetime, deadline: float | None) -> set[str]:
        """The statement on this writer's connection, within the time left; a driver error but
        a refused row closes the connection."""
        try:
            driver = self._connect()
            self._limit(driver, self._time_left_ms(deadline))
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
            self._last_use = self._monotonic()
            if self._postgres:
                self._driver.autocommit = True
            else:
                self._driver.isolation_level = None  # autocommit: the statement is its transaction
        return self._driver

    def _time_left_ms(self, deadline: float | None) -> int:
        """How long the statement may take: STATEMENT_TIMEOUT_MS, or less before `deadline`.
        AcceptFailedError when too little is left to start one (connecting took it, say)."""
        if deadline is None:
            return STATEMENT_TIMEOUT_MS
        left = int((deadline - self._monotonic()) * 1000)
        if left < SHORTEST_STATEMENT_MS:
            raise AcceptFailedError("no time left to write the batch")
        return min(left, STATEMENT_TIMEOUT_MS)

    def _limit(self, driver: Any, timeout_ms: int) -> None:
        """Set the connection's statement timeout when it differs (a round trip on PostgreSQL,
        so only a batch that waited long enough for it to matter pays one): on SQLite it
        bounds the wait for another process's write lock (a worker, the CLI), the one part of
        the statement that can take long."""
        if timeout_ms == self._timeout_ms:
            return
        if self._postgres:
            driver.execute(f"SET statement_timeout = {timeout_ms}")
        else:
            driver.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        self._timeout_ms = timeout_ms

    def _close(self) -> None:
        """Close the driver's connection itself: the pool's wrapper would roll back first and
        log a broken connection's failure as an ERROR with its traceback."""
        driver, self._driver, self._timeout_ms = self._driver, None, None
        if driver is not None:
            with contextlib.suppress(self._driver_error):  # broken already: nothing left to do
                driver.close()
