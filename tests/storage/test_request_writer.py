"""The request writer's own connection, on SQLite and PostgreSQL: kept between batches, replaced
when it broke (the batch goes through on the new one, unless the failure was slow) or sat idle
too long, closed by `dispose`; a database that cannot be reached is a clear AcceptFailedError,
nothing written; a task the table cannot store is an UnstorableTaskError before any statement,
and a row the database refuses a RowsRefusedError, nothing of its batch written, the connection
kept."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from bot.domain.tasks import NewTask, TaskClass
from storage.database import Database
from storage.request_writer import (
    RECYCLE_AFTER,
    RETRY_WITHIN,
    STATEMENT_TIMEOUT_MS,
    AcceptFailedError,
    RequestWriter,
    RowsRefusedError,
)
from storage.storable import UnstorableTaskError

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _task(key: str, payload: dict[str, str] | None = None) -> NewTask:
    return NewTask(
        kind="command", key=key, klass=TaskClass.GIVING, payload=payload or {}, run_at=NOW
    )


def _count(database: Database) -> int:
    with database.reading() as session:
        return int(session.execute(text("SELECT count(*) FROM task")).scalar_one())


def _break(database: Database, writer: RequestWriter) -> None:
    """The connection dies under the writer, as when the database server restarts."""
    if database.engine.dialect.name != "postgresql":
        writer._driver.close()
        return
    pid = writer._driver.info.backend_pid
    with database.engine.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


def test_one_connection_serves_every_batch(database: Database) -> None:
    writer = database.request_writer()
    assert writer.accept(tasks=[_task("a")], now=NOW) == {"a"}
    first = writer._driver
    assert writer.accept(tasks=[_task("b"), _task("c")], now=NOW) == {"b", "c"}
    assert writer._driver is first
    assert database.request_writer() is writer


def test_a_broken_connection_is_replaced_and_the_batch_goes_through(database: Database) -> None:
    writer = database.request_writer()
    writer.accept(tasks=[_task("a")], now=NOW)
    broken = writer._driver
    _break(database, writer)
    assert writer.accept(tasks=[_task("b")], now=NOW) == {"b"}
    assert writer._driver is not broken
    assert _count(database) == 2


def test_an_idle_connection_is_replaced_before_use(database: Database) -> None:
    clock = [0.0]
    writer = RequestWriter(database.engine, database.write_turn, lambda: clock[0])
    writer.accept(tasks=[_task("a")], now=NOW)
    first = writer._driver
    clock[0] += RECYCLE_AFTER + 1
    assert writer.accept(tasks=[_task("b")], now=NOW) == {"b"}
    assert writer._driver is not first
    writer.close()


def test_dispose_closes_the_writers_connection(database: Database) -> None:
    writer = database.request_writer()
    writer.accept(tasks=[_task("a")], now=NOW)
    database.dispose()
    assert writer._driver is None
    assert writer.accept(tasks=[_task("b")], now=NOW) == {"b"}  # a new one, on first use


def test_an_unreachable_database_is_a_clear_failure() -> None:
    database = Database.from_url("postgresql+psycopg://postgres@127.0.0.1:1/none")
    with pytest.raises(AcceptFailedError, match="OperationalError"):
        database.request_writer().accept(tasks=[_task("a")], now=NOW)
    database.dispose()


def test_the_connection_waits_only_as_long_as_a_listener_does(database: Database) -> None:
    writer = database.request_writer()
    writer.accept(tasks=[_task("first")], now=NOW)
    driver = writer._driver  # white box: the writer's own connection
    if database.engine.dialect.name == "postgresql":  # a stuck statement fails
        assert driver.execute("SHOW statement_timeout").fetchone()[0] == "2s"
    else:  # another process's write lock is waited for 2 s, not the pool's 10
        assert driver.execute("PRAGMA busy_timeout").fetchone()[0] == STATEMENT_TIMEOUT_MS


def test_a_slow_failure_is_not_tried_again(database: Database) -> None:
    clock = [0.0, 0.0]  # now, and how far each reading moves it

    def monotonic() -> float:
        clock[0] += clock[1]
        return clock[0]

    writer = RequestWriter(database.engine, database.write_turn, monotonic)
    writer.accept(tasks=[_task("a")], now=NOW)
    _break(database, writer)
    clock[1] = RETRY_WITHIN + 0.1  # the failed statement took longer than a retry could wait
    with pytest.raises(AcceptFailedError):
        writer.accept(tasks=[_task("b")], now=NOW)
    clock[1] = 0.0
    assert writer.accept(tasks=[_task("b")], now=NOW) == {"b"}  # on a new connection
    writer.close()


def _hold_the_write_lock(database: Database, held: threading.Event, seconds: float) -> None:
    """Another process's writer: holds the task table's write lock for `seconds`."""
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as connection:
            connection.execute(text("LOCK TABLE task IN EXCLUSIVE MODE"))
            held.set()
            time.sleep(seconds)
        return
    other = sqlite3.connect(str(database.engine.url.database), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    held.set()
    time.sleep(seconds)
    other.execute("ROLLBACK")
    other.close()


def test_no_statement_starts_when_its_deadline_has_passed(database: Database) -> None:
    writer = database.request_writer()
    with pytest.raises(AcceptFailedError, match="no time left"):
        writer.accept(tasks=[_task("late")], now=NOW, deadline=time.monotonic() - 0.01)
    connection = writer._driver
    assert writer.accept(tasks=[_task("next")], now=NOW) == {"next"}
    assert writer._driver is connection  # nothing wrong with it: kept
    assert _count(database) == 1


def test_a_statement_ends_by_its_deadline_and_is_then_not_written(database: Database) -> None:
    held = threading.Event()
    holder = threading.Thread(target=_hold_the_write_lock, args=(database, held, 1.0))
    holder.start()
    assert held.wait(5)
    writer = database.request_writer()
    with pytest.raises(AcceptFailedError):  # gave up by its deadline, not after the lock's 1 s
        writer.accept(tasks=[_task("waited")], now=NOW, deadline=time.monotonic() + 0.3)
    holder.join(5)
    assert _count(database) == 0  # not written later either: its listeners were told so
    assert writer.accept(tasks=[_task("next")], now=NOW) == {"next"}  # the full timeout again
    driver = writer._driver
    if database.engine.dialect.name == "postgresql":
        assert driver.execute("SHOW statement_timeout").fetchone()[0] == "2s"
    else:
        assert driver.execute("PRAGMA busy_timeout").fetchone()[0] == STATEMENT_TIMEOUT_MS


UNSTORABLE = {
    "lone surrogate in the text": _task("surrogate", {"text": "thanks \ud83d"}),
    "NUL in the key": _task("key\x00with NUL"),
    "key over 255 characters": _task("k" * 256),
}


@pytest.mark.parametrize("bad", UNSTORABLE.values(), ids=UNSTORABLE.keys())
def test_a_task_the_table_cannot_store_is_refused_before_any_statement(
    database: Database, bad: NewTask
) -> None:
    writer = database.request_writer()
    with pytest.raises(UnstorableTaskError) as refused:
        writer.accept(tasks=[_task("b"), bad], now=NOW)
    assert list(refused.value.reasons) == [bad.key]
    assert _count(database) == 0 and writer._driver is None  # not even connected


def test_a_row_the_database_refuses_is_refused_with_its_batch(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.request_writer.refuse_unstorable", lambda tasks: None)
    writer = database.request_writer()
    writer.accept(tasks=[_task("a")], now=NOW)
    connection = writer._driver
    with pytest.raises(RowsRefusedError, match="UnicodeEncodeError"):  # the driver's refusal
        writer.accept(tasks=[_task("b"), UNSTORABLE["lone surrogate in the text"]], now=NOW)
    assert _count(database) == 1  # nothing of the batch
    assert writer._driver is connection  # the connection was fine: kept
    assert writer.accept(tasks=[_task("c")], now=NOW) == {"c"}


def test_postgres_refuses_a_key_longer_than_the_column(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.request_writer.refuse_unstorable", lambda tasks: None)
    with pytest.raises(RowsRefusedError, match="StringDataRightTruncation"):
        postgres_database.request_writer().accept(tasks=[_task("k" * 256)], now=NOW)
