"""Engine and transactions for SQLite (a file, by default) and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

from storage.request_writer import RequestWriter
from storage.turns import Turns


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


CONNECT_TIMEOUT = 5  # seconds to reach PostgreSQL, unless the URL says (libpq waits for ever)


def make_engine(url: str) -> Engine:
    """Create an engine suited to the backend the URL names."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    # No pre-ping: it costs a round trip per transaction; a connection that died with a
    # database restart fails its next use, which the intake answers and the worker retries.
    # A connection timeout: a database host that drops packets fails each connect in a few
    # seconds instead of holding the thread for as long as TCP keeps trying (minutes).
    parsed = make_url(url)
    if "connect_timeout" not in parsed.query:
        parsed = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT)})
    return create_engine(parsed, pool_size=10, max_overflow=20, pool_recycle=300)


class Database:
    """The app's database: an engine and short transactions on it."""

    def __init__(self, engine: Engine) -> None:
        """Wrap an engine."""
        self.engine = engine
        # SQLite has one writer at a time; taking turns here costs microseconds, waiting in
        # SQLite's busy handler costs milliseconds (it sleeps and polls).
        self._turns = Turns() if engine.dialect.name == "sqlite" else None
        self._writer: RequestWriter | None = None
        self._writer_lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str) -> Database:
        """Connect to the database at `url` (nothing is opened until first use)."""
        return cls(make_engine(url))

    def _turn(self, *, urgent: bool) -> AbstractContextManager[None]:
        return nullcontext() if self._turns is None else self._turns.turn(urgent=urgent)

    @contextmanager
    def transaction(self, *, urgent: bool = False) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back when it raises;
        `urgent` (a request waiting for its ack) goes first on SQLite."""
        with (
            self._turn(urgent=urgent),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def write_turn(self) -> AbstractContextManager[None]:
        """SQLite's one writer, taken ahead of every other writer of the process (a request is
        waiting for its ack); nothing to take on PostgreSQL."""
        return self._turn(urgent=True)

    def request_writer(self) -> RequestWriter:
        """The intake's writer, on a connection of its own (made once; `dispose` closes it)."""
        with self._writer_lock:
            if self._writer is None:
                self._writer = RequestWriter(self.engine, self.write_turn)
            return self._writer

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for long reads (exports) that writes nothing, so it needs no turn."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def is_healthy(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def dispose(self) -> None:
        """Close pooled connections and the request writer's."""
        if self._writer is not None:
            self._writer.close()
        self.engine.dispose()
