"""Reading the task queue: what a parent's children did, the backlog, failures, retries, purging."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlmodel import Session

from bot.domain.tasks import QueueStats, TaskRow, TaskStatus
from storage.core_statements import execute_core
from storage.models import Task as TaskModel

_T = TaskModel
_TABLE: Table = TaskModel.__table__  # type: ignore[attr-defined]  # Core: no ORM work
_C = _TABLE.c
_FINISHED = (TaskStatus.DONE.value, TaskStatus.FAILED.value)


def _row(model: Any) -> TaskRow:
    return TaskRow(
        id=model.id or 0,
        key=model.key,
        kind=model.kind,
        status=TaskStatus(model.status),
        attempts=model.attempts,
        run_at=model.run_at,
        created_at=model.created_at,
        payload=json.loads(model.payload),
        outcome=json.loads(model.outcome) if model.outcome else None,
        error=model.error,
    )


_ROW_COLUMNS = (
    _C.id, _C.key, _C.kind, _C.status, _C.attempts, _C.run_at, _C.created_at, _C.payload,
    _C.outcome, _C.error,
)  # fmt: skip
_CHILDREN = select(*_ROW_COLUMNS).where(_C.parent_id == bindparam("parent")).order_by(_C.id)


def children_of(*, session: Session, parent_id: int) -> list[TaskRow]:
    """The tasks a parent waited for, in the order they were queued."""
    return [_row(r) for r in execute_core(session, _CHILDREN, {"parent": parent_id})]


def task_row(*, session: Session, task_id: int) -> TaskRow | None:
    """One task, if it is still there."""
    row = execute_core(session, select(*_ROW_COLUMNS).where(_C.id == task_id)).first()
    return None if row is None else _row(row)


def task_by_key(*, session: Session, key: str) -> TaskRow | None:
    """The task with this key, if it is still there."""
    row = session.execute(select(*_ROW_COLUMNS).where(_C.key == key)).first()
    return None if row is None else _row(row)


def queue_stats(*, session: Session) -> QueueStats:
    """Tasks per status, and when the oldest queued one was created."""
    grouped = select(_C.status, func.count()).group_by(_C.status)
    counts: dict[str, int] = {row[0]: int(row[1]) for row in session.execute(grouped)}
    oldest = session.execute(
        select(func.min(_C.created_at)).where(
            _C.status.in_([TaskStatus.QUEUED.value, TaskStatus.WAITING.value])
        )
    ).scalar()
    by_status = {status: int(counts.get(status.value, 0)) for status in TaskStatus}
    return QueueStats(counts=by_status, oldest_waiting=oldest)


def failed_tasks(*, session: Session, limit: int) -> list[TaskRow]:
    """The most recently failed tasks, newest first."""
    query = (
        select(*_ROW_COLUMNS)
        .where(_C.status == TaskStatus.FAILED.value)
        .order_by(_C.updated_at.desc(), _C.id.desc())
        .limit(limit)
    )
    return [_row(r) for r in session.execute(query)]


def retry_failed(*, session: Session, ids: Sequence[int] | None, now: datetime) -> int:
    """Queue failed tasks again (these ids, or every failed one), from attempt 1; how many."""
    statement = update(_TABLE).where(_C.status == TaskStatus.FAILED.value)
    if ids is not None:
        statement = statement.where(_C.id.in_(list(ids)))
    result = session.execute(
        statement.values(status=TaskStatus.QUEUED.value, attempts=0, run_at=now, updated_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def purge_finished(*, session: Session, before: datetime) -> int:
    """Delete tasks that finished before `before` and whose parent finished too; how many."""
    parents = select(_C.id).where(_C.status.not_in(_FINISHED)).scalar_subquery()
    result = session.execute(
        delete(_TABLE).where(
            _C.status.in_(_FINISHED),
            _C.updated_at < before,
            _C.id.not_in(select(_C.parent_id).where(_C.parent_id.is_not(None))),
            (_C.parent_id.is_(None)) | _C.parent_id.not_in(parents),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
