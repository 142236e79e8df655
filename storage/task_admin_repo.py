"""Reading the task queue: what a parent's children did, the backlog, failures, retries, purging."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlmodel import Session, col

from bot.domain.tasks import QueueStats, TaskRow, TaskStatus
from storage.models import Task as TaskModel

_T = TaskModel
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
    _T.id, _T.key, _T.kind, _T.status, _T.attempts, _T.run_at, _T.created_at, _T.payload,
    _T.outcome, _T.error,
)  # fmt: skip
_CHILDREN = (
    select(*(col(c) for c in _ROW_COLUMNS))
    .where(col(_T.parent_id) == bindparam("parent"))
    .order_by(col(_T.id))
)


def children_of(*, session: Session, parent_id: int) -> list[TaskRow]:
    """The tasks a parent waited for, in the order they were queued."""
    return [_row(r) for r in session.execute(_CHILDREN, {"parent": parent_id})]


def task_row(*, session: Session, task_id: int) -> TaskRow | None:
    """One task, if it is still there."""
    model = session.get(_T, task_id)
    return None if model is None else _row(model)


def task_by_key(*, session: Session, key: str) -> TaskRow | None:
    """The task with this key, if any."""
    model = session.execute(select(_T).where(col(_T.key) == key)).scalars().first()
    return None if model is None else _row(model)


def queue_stats(*, session: Session) -> QueueStats:
    """Tasks per status, and when the oldest queued one was created."""
    grouped = select(col(_T.status), func.count()).group_by(col(_T.status))
    counts: dict[str, int] = {row[0]: int(row[1]) for row in session.execute(grouped)}
    oldest = session.execute(
        select(func.min(col(_T.created_at))).where(
            col(_T.status).in_([TaskStatus.QUEUED.value, TaskStatus.WAITING.value])
        )
    ).scalar()
    by_status = {status: int(counts.get(status.value, 0)) for status in TaskStatus}
    return QueueStats(counts=by_status, oldest_waiting=oldest)


def failed_tasks(*, session: Session, limit: int) -> list[TaskRow]:
    """The most recently failed tasks, newest first."""
    query = (
        select(_T)
        .where(col(_T.status) == TaskStatus.FAILED.value)
        .order_by(col(_T.updated_at).desc(), col(_T.id).desc())
        .limit(limit)
    )
    return [_row(m) for m in session.execute(query).scalars()]


def retry_failed(*, session: Session, ids: Sequence[int] | None, now: datetime) -> int:
    """Queue failed tasks again (these ids, or every failed one), from attempt 1; how many."""
    statement = update(_T).where(col(_T.status) == TaskStatus.FAILED.value)
    if ids is not None:
        statement = statement.where(col(_T.id).in_(list(ids)))
    result = session.execute(
        statement.values(status=TaskStatus.QUEUED.value, attempts=0, run_at=now, updated_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def purge_finished(*, session: Session, before: datetime) -> int:
    """Delete tasks that finished before `before` and whose parent finished too; how many."""
    parents = select(col(_T.id)).where(col(_T.status).not_in(_FINISHED)).scalar_subquery()
    result = session.execute(
        delete(_T).where(
            col(_T.status).in_(_FINISHED),
            col(_T.updated_at) < before,
            col(_T.id).not_in(select(col(_T.parent_id)).where(col(_T.parent_id).is_not(None))),
            (col(_T.parent_id).is_(None)) | col(_T.parent_id).not_in(parents),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
