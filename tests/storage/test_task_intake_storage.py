"""The intake's insert on SQLite and PostgreSQL (one statement sent through the driver, on the
request writer's own connection in autocommit): every field kept, known keys skipped, nothing
half-written; finishing proves the claim; a lane's pacing
reads its latest pending post."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.dialects import sqlite
from sqlmodel import select

from bot.domain.tasks import LANE_INTERVAL, NewTask, TaskClass, TaskStatus
from storage.database import Database
from storage.models import Task as TaskRow
from storage.sqlite_accept import stored_datetime
from storage.tasks_repo import add_tasks, claim_due, finish_task

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _task(key: str, **kw: object) -> NewTask:
    fields: dict[str, object] = {
        "kind": "command",
        "key": key,
        "klass": TaskClass.GIVING,
        "payload": {"text": "Q&A «ünïcode» \\ \" ' , {}", "n": [1, None]},
        "run_at": NOW,
        "team_id": "T1",
    }
    fields.update(kw)
    return NewTask(**fields)  # type: ignore[arg-type]


Accept = Callable[[Database, Sequence[NewTask]], set[str]]


@pytest.fixture
def accept() -> Accept:
    """The intake's insert, by the request writer."""

    def by_the_writer(database: Database, tasks: Sequence[NewTask]) -> set[str]:
        return database.request_writer().accept(tasks=tasks, now=NOW)

    return by_the_writer


def _rows(database: Database) -> dict[str, TaskRow]:
    with database.reading() as session:
        return {row.key: row for row in session.exec(select(TaskRow)).all()}


def test_one_statement_keeps_every_field(database: Database, accept: Accept) -> None:
    later = NOW + timedelta(minutes=3)
    tasks = [
        _task("a"),
        _task("b", klass=TaskClass.INTERACTIVE, team_id=None, lane="post:T1:C1", run_at=later),
        _task("c", settled=True, kind="event"),
    ]
    assert accept(database, tasks) == {"a", "b", "c"}
    rows = _rows(database)
    assert rows["a"].payload == tasks[0].payload_json()
    assert (rows["a"].status, rows["a"].attempts, rows["a"].waiting) == ("queued", 0, 0)
    assert (rows["a"].created_at, rows["a"].updated_at, rows["a"].run_at) == (NOW, NOW, NOW)
    b = rows["b"]
    assert (b.klass, b.team_id, b.lane) == ("interactive", None, "post:T1:C1")
    assert rows["b"].run_at == later
    assert (rows["c"].kind, rows["c"].settled, rows["a"].settled) == ("event", True, False)
    assert rows["a"].parent_id is None and rows["a"].rerun is False


def test_known_keys_are_skipped_in_a_batch(database: Database, accept: Accept) -> None:
    accept(database, [_task("a")])
    assert accept(database, [_task("a", kind="other"), _task("d")]) == {"d"}
    assert _rows(database)["a"].kind == "command"
    assert accept(database, []) == set()


def test_a_task_with_children_is_not_a_request(database: Database, accept: Accept) -> None:
    parent = _task("p", children=(_task("child"),))
    with pytest.raises(ValueError, match="children"):
        accept(database, [parent])
    assert _rows(database) == {}


def test_finishing_proves_the_claim_is_still_held(database: Database) -> None:
    database.request_writer().accept(tasks=[_task("a")], now=NOW)
    with database.transaction() as session:
        (task,) = claim_due(
            session=session,
            limits={TaskClass.GIVING: 5},
            worker="w1",
            now=NOW,
            lease_until=NOW + timedelta(seconds=15),
        )
    with database.transaction() as session:
        mine = {"task_id": task.id, "outcome": None, "now": NOW, "has_parent": False}
        assert finish_task(session=session, worker="w2", **mine) is False  # type: ignore[arg-type]
        assert finish_task(session=session, worker="w1", **mine) is True  # type: ignore[arg-type]
        assert finish_task(session=session, worker="w1", **mine) is False  # type: ignore[arg-type]
    assert _rows(database)["a"].status == TaskStatus.DONE.value


def test_a_lane_is_paced_after_its_latest_pending_post_running_or_queued(
    database: Database,
) -> None:
    lane = "post:T1:C1"
    with database.transaction() as session:
        add_tasks(session=session, tasks=[_task("first", lane=lane)], now=NOW)
    with database.transaction() as session:  # the first post is running now
        claim_due(
            session=session,
            limits={TaskClass.GIVING: 1},
            worker="w1",
            now=NOW,
            lease_until=NOW + timedelta(seconds=15),
        )
        add_tasks(session=session, tasks=[_task("second", lane=lane)], now=NOW)
        add_tasks(session=session, tasks=[_task("elsewhere", lane="post:T1:C2")], now=NOW)
    with database.transaction() as session:
        add_tasks(session=session, tasks=[_task("third", lane=lane)], now=NOW)
    rows = _rows(database)
    assert rows["first"].status == TaskStatus.RUNNING.value
    assert rows["second"].run_at == rows["first"].run_at + LANE_INTERVAL
    assert rows["third"].run_at == rows["second"].run_at + LANE_INTERVAL
    assert rows["elsewhere"].run_at == NOW  # another lane is not held back


@pytest.mark.parametrize(
    "when",
    [NOW, datetime(1, 1, 1, tzinfo=UTC), datetime(2026, 12, 1, 9, 0, 0, 7, tzinfo=UTC)],
    ids=["now", "year one", "microseconds"],
)
def test_sqlite_datetimes_are_written_as_the_orm_writes_them(when: datetime) -> None:
    column = TaskRow.__table__.c.run_at  # type: ignore[attr-defined]
    orm = column.type.dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())
    assert stored_datetime(when) == orm(when)
