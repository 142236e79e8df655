"""The task queue: add tasks once, claim them under a lease, record how each attempt ended.

Claims use `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers share one queue; SQLite
ignores it and serialises writers, so there one process works the queue.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, case, func, select, union_all, update
from sqlmodel import Session

from bot.domain.tasks import SETTLE_WAIT, NewTask, Task, TaskClass, TaskStatus, lane_slot
from storage.conflicts import insert_ignoring_conflicts
from storage.core_statements import execute_core
from storage.models import Task as TaskModel

_T = TaskModel
_TABLE: Table = TaskModel.__table__  # type: ignore[attr-defined]  # Core: no ORM work
_C = _TABLE.c
_PENDING = (TaskStatus.QUEUED.value, TaskStatus.RUNNING.value)


def _row(task: NewTask, *, now: datetime, parent_id: int | None, waiting: int) -> dict[str, Any]:
    status = TaskStatus.WAITING if waiting else TaskStatus.QUEUED
    return {
        "key": task.key,
        "kind": task.kind,
        "klass": task.klass.value,
        "team_id": task.team_id,
        "payload": task.payload_json(),
        "status": status.value,
        "lane": task.lane,
        "run_at": task.run_at,
        "attempts": 0,
        "parent_id": parent_id,
        "waiting": waiting,
        "settled": task.settled,
        "rerun": False,
        "created_at": now,
        "updated_at": now,
    }


# One max per pending status: each is the last entry of index ix_task_lane_pending, however
# many tasks wait in the lane (a max over `status IN (...)` reads every one of them).
_LANE_PENDING = union_all(
    *(
        select(func.max(_C.run_at).label("at")).where(
            _C.lane == bindparam("lane"), _C.status == status
        )
        for status in _PENDING
    )
).subquery()
_LATEST_IN_LANE = select(func.max(_LANE_PENDING.c.at))
_INSERTS: dict[str, Any] = {}  # one insert statement per database dialect, built once


def _latest_in_lane(session: Session, lane: str) -> datetime | None:
    latest: datetime | None = execute_core(session, _LATEST_IN_LANE, {"lane": lane}).scalar()
    return latest


def _paced(session: Session, task: NewTask, now: datetime, planned: dict[str, datetime]) -> NewTask:
    """The task with its run_at moved to its lane's next free slot, settled if that is late."""
    if task.lane is None:
        return task
    latest = planned.get(task.lane) or _latest_in_lane(session, task.lane)
    slot = lane_slot(latest, max(now, task.run_at))
    planned[task.lane] = slot
    late = task.settled or slot - now > SETTLE_WAIT
    return NewTask(**{**task.__dict__, "run_at": slot, "settled": late})


def _insert_one(session: Session, row: dict[str, Any]) -> int | None:
    dialect = session.get_bind().dialect.name
    if dialect not in _INSERTS:
        _INSERTS[dialect] = insert_ignoring_conflicts(session, _T).returning(_C.id)
    inserted = execute_core(session, _INSERTS[dialect], row).first()
    return None if inserted is None else int(inserted[0])


def add_tasks(
    *, session: Session, tasks: Iterable[NewTask], now: datetime, parent_id: int | None = None
) -> None:
    """Queue tasks (and their children) in the caller's transaction; a known key is skipped."""
    planned: dict[str, datetime] = {}
    for task in tasks:
        _insert_tree(session, _paced(session, task, now, planned), now, parent_id, planned)


def _insert_tree(
    session: Session,
    task: NewTask,
    now: datetime,
    parent_id: int | None,
    planned: dict[str, datetime],
) -> None:
    """Insert a paced task, then its children, each paced exactly once: the parent waits for
    the very children that are stored unsettled (pacing twice could settle one in between)."""
    children = [_paced(session, child, now, planned) for child in task.children]
    waiting = sum(1 for child in children if not child.settled)
    task_id = _insert_one(session, _row(task, now=now, parent_id=parent_id, waiting=waiting))
    if task_id is None:
        return
    for child in children:
        _insert_tree(session, child, now, task_id, planned)


def queue_coalesced(*, session: Session, task: NewTask, now: datetime) -> None:
    """Queue a task that runs once per burst: a queued one stays, a running one runs again."""
    row = _row(task, now=now, parent_id=None, waiting=0)
    insert = insert_ignoring_conflicts(session, _T).values(**row).returning(_C.id)
    if execute_core(session, insert).first() is not None:
        return
    finished = _C.status.in_([TaskStatus.DONE.value, TaskStatus.FAILED.value])
    execute_core(
        session,
        update(_TABLE)
        .where(_C.key == task.key, finished)
        .values(
            status=TaskStatus.QUEUED.value,
            run_at=task.run_at,
            attempts=0,
            payload=row["payload"],
            updated_at=now,
        ),
    )
    execute_core(
        session,
        update(_TABLE)
        .where(_C.key == task.key, _C.status == TaskStatus.RUNNING.value)
        .values(rerun=True, payload=row["payload"]),
    )


_CLAIMED = (
    _C.id, _C.key, _C.kind, _C.klass, _C.team_id, _C.payload, _C.attempts, _C.created_at,
    _C.lane, _C.parent_id, _C.outcome,
)  # fmt: skip


def _task(row: Any) -> Task:
    return Task(
        id=row.id,
        key=row.key,
        kind=row.kind,
        klass=TaskClass(row.klass),
        team_id=row.team_id,
        payload=json.loads(row.payload),
        attempts=row.attempts,
        created_at=row.created_at,
        lane=row.lane,
        parent_id=row.parent_id,
        outcome=json.loads(row.outcome) if row.outcome else None,
    )


# Built once, with bind parameters: on the path of every step, building a statement costs
# more than running it.
_CLAIM_VALUES: dict[str, Any] = {
    "status": TaskStatus.RUNNING.value,
    "worker": bindparam("by"),
    "lease_until": bindparam("lease"),
    "attempts": _C.attempts + 1,
    "updated_at": bindparam("at"),
}


@functools.cache
def _claim_statement(classes: tuple[TaskClass, ...]) -> Any:
    """One statement that claims the due tasks of each of `classes`, oldest first, up to the
    class's own limit (bind parameter `max_<class>`): one round trip, whatever is free."""
    due = [
        select(_C.id)
        .where(
            _C.klass == klass.value,
            _C.status == TaskStatus.QUEUED.value,
            _C.run_at <= bindparam("due_by"),
        )
        .order_by(_C.run_at, _C.id)
        .limit(bindparam(f"max_{klass.value}"))
        .with_for_update(skip_locked=True)
        .cte(f"due_{klass.value}")
        for klass in classes
    ]
    ids = [select(cte.c.id) for cte in due]
    chosen = ids[0] if len(ids) == 1 else union_all(*ids)
    return update(_TABLE).where(_C.id.in_(chosen)).values(_CLAIM_VALUES).returning(*_CLAIMED)


_THIS = _C.id == bindparam("task_id")
_AGAIN = _C.rerun.is_(True)  # a coalesced task asked for again while it ran: queue it once more
_AT = bindparam("at", type_=_C.run_at.type)
_FINISH = (
    update(_TABLE)
    .where(_THIS, _C.status == TaskStatus.RUNNING.value)
    .values(
        status=case((_AGAIN, TaskStatus.QUEUED.value), else_=TaskStatus.DONE.value),
        attempts=case((_AGAIN, 0), else_=_C.attempts),
        run_at=case((_AGAIN, _AT), else_=_C.run_at),
        rerun=False, worker=None, lease_until=None, outcome=bindparam("result"), error=None,
        updated_at=_AT,
    )
)  # fmt: skip
_FINISH_MINE = _FINISH.where(_C.worker == bindparam("by"))
_ENDED = (
    update(_TABLE)
    .where(_THIS)
    .values(
        status=bindparam("new_status"), run_at=bindparam("next_run"), worker=None,
        lease_until=None, error=bindparam("reason"), updated_at=bindparam("at"),
    )
)  # fmt: skip
# a hold or a rate limit put the task back before it could try: that claim used no attempt
_PUT_BACK = _ENDED.values(attempts=_C.attempts - 1)
# a lane's later task, read as queued: another worker may have claimed it since
_SHIFT = _ENDED.where(_C.status == TaskStatus.QUEUED.value)
_FAIL = (
    update(_TABLE)
    .where(_THIS)
    .values(
        status=case((_AGAIN, TaskStatus.QUEUED.value), else_=TaskStatus.FAILED.value),
        attempts=case((_AGAIN, 0), else_=_C.attempts),
        rerun=False, run_at=_AT, worker=None, lease_until=None, error=bindparam("reason"),
        updated_at=_AT,
    )
)  # fmt: skip
_MARK_SETTLED = (
    update(_TABLE)
    .where(_THIS, _C.settled.is_(False), _C.parent_id.is_not(None))
    .values(settled=True)
    .returning(_C.parent_id)
)
_PARENT = _C.id == bindparam("parent")
_LAST_ONE = (_C.status == TaskStatus.WAITING.value) & (_C.waiting <= 1)  # read before the update
_ONE_LESS = (
    update(_TABLE)
    .where(_PARENT)
    .values(
        waiting=_C.waiting - 1,
        status=case((_LAST_ONE, TaskStatus.QUEUED.value), else_=_C.status),
        run_at=case((_LAST_ONE, _AT), else_=_C.run_at),
        updated_at=case((_LAST_ONE, _AT), else_=_C.updated_at),
    )
)
_RENEW = (
    update(_TABLE)
    .where(_C.id.in_(bindparam("ids", expanding=True)), _C.worker == bindparam("by"))
    .where(_C.status == TaskStatus.RUNNING.value)
    .values(lease_until=bindparam("lease"))
)


def claim_due(
    *,
    session: Session,
    limits: Mapping[TaskClass, int],
    worker: str,
    now: datetime,
    lease_until: datetime,
) -> list[Task]:
    """Claim for `worker`, in one statement, up to `limits[klass]` due tasks of each class,
    oldest first."""
    classes = tuple(sorted(klass for klass, limit in limits.items() if limit > 0))
    if not classes:
        return []
    params: dict[str, Any] = {"due_by": now, "by": worker, "lease": lease_until, "at": now}
    params |= {f"max_{klass.value}": limits[klass] for klass in classes}
    rows = execute_core(session, _claim_statement(classes), params).all()
    return sorted((_task(row) for row in rows), key=lambda t: t.id)


def renew_leases(*, session: Session, worker: str, ids: Sequence[int], until: datetime) -> None:
    """Extend the leases of the tasks `worker` is running (by id: no scan of the table)."""
    if ids:
        execute_core(session, _RENEW, {"ids": list(ids), "by": worker, "lease": until})


def requeue_expired(*, session: Session, now: datetime) -> int:
    """Put back tasks whose worker stopped renewing their lease (it died); how many."""
    result = execute_core(
        session,
        update(_TABLE)
        .where(_C.status == TaskStatus.RUNNING.value, _C.lease_until < now)
        .values(status=TaskStatus.QUEUED.value, worker=None, lease_until=None, updated_at=now),
    )
    return int(getattr(result, "rowcount", 0) or 0)


def running_workers(*, session: Session) -> list[str]:
    """The workers that hold claims right now."""
    query = select(_C.worker).where(_C.status == TaskStatus.RUNNING.value).distinct()
    return [str(w) for w in execute_core(session, query).scalars() if w]


def requeue_worker(*, session: Session, worker: str, now: datetime) -> int:
    """Put back every task `worker` claimed (it is known to be gone); how many."""
    result = execute_core(
        session,
        update(_TABLE)
        .where(_C.worker == worker, _C.status == TaskStatus.RUNNING.value)
        .values(status=TaskStatus.QUEUED.value, worker=None, lease_until=None, updated_at=now),
    )
    return int(getattr(result, "rowcount", 0) or 0)


def release_tasks(*, session: Session, worker: str, ids: Sequence[int], now: datetime) -> None:
    """Put back tasks this worker claimed but will not finish (shutdown), to run again."""
    if not ids:
        return
    execute_core(
        session,
        update(_TABLE)
        .where(_C.id.in_(list(ids)), _C.worker == worker)
        .where(_C.status == TaskStatus.RUNNING.value)
        .values(
            status=TaskStatus.QUEUED.value,
            worker=None,
            lease_until=None,
            attempts=_C.attempts - 1,  # put back, not failed: the attempt is given back
            updated_at=now,
        ),
    )


def _settle(session: Session, task_id: int, now: datetime) -> None:
    """Tell the parent, once, that this child no longer holds it back (the last one queues it)."""
    settled = execute_core(session, _MARK_SETTLED, {"task_id": task_id}).first()
    if settled is not None:
        execute_core(session, _ONE_LESS, {"parent": settled[0], "at": now})


_HELD = (
    select(_C.id)
    .where(
        _C.id == bindparam("task_id"),
        _C.status == TaskStatus.RUNNING.value,
        _C.worker == bindparam("by"),
    )
    .with_for_update()
)


def claim_held(*, session: Session, task_id: int, worker: str) -> bool:
    """Whether `worker` still holds its claim on the task (locked until the transaction ends);
    False once its lease ran out and the task was put back or claimed again."""
    return execute_core(session, _HELD, {"task_id": task_id, "by": worker}).first() is not None


def finish_task(
    *,
    session: Session,
    task_id: int,
    outcome: dict[str, Any] | None,
    now: datetime,
    worker: str | None = None,
    has_parent: bool = True,
) -> bool:
    """Record success of a running task (held by `worker`, when given): whether it was still
    running (locked until the transaction ends). A coalesced task asked for again meanwhile is
    queued once more. One statement, and one or two more for a child (`has_parent`)."""
    text = None if outcome is None else json.dumps(outcome, separators=(",", ":"))
    params = {"task_id": task_id, "result": text, "at": now, "by": worker}
    result = execute_core(session, _FINISH if worker is None else _FINISH_MINE, params)
    if not getattr(result, "rowcount", 0):
        return False
    if has_parent:
        _settle(session, task_id, now)
    return True


def defer_task(
    *,
    session: Session,
    task_id: int,
    run_at: datetime,
    error: str | None,
    now: datetime,
    counted: bool = True,
) -> None:
    """Run the task again at `run_at`; past SETTLE_WAIT it stops holding back its parent.
    Not `counted`: this run was held back before it tried (a hold, a rate limit), so it gives
    its attempt back and the retries stay for failures."""
    reason = error[:300] if error else None
    params = {"new_status": TaskStatus.QUEUED.value, "next_run": run_at, "reason": reason}
    statement = _ENDED if counted else _PUT_BACK
    execute_core(session, statement, {**params, "task_id": task_id, "at": now})
    if run_at - now > SETTLE_WAIT:
        _settle(session, task_id, now)


def fail_task(*, session: Session, task_id: int, error: str, now: datetime) -> None:
    """Give up on the task, with its reason; a coalesced task asked for again while it ran is
    queued once more instead (the new request deserves its run)."""
    execute_core(session, _FAIL, {"task_id": task_id, "reason": error[:300], "at": now})
    _settle(session, task_id, now)


def shift_lane(*, session: Session, lane: str, until: datetime, now: datetime) -> None:
    """Push the lane's queued tasks due before `until` back by the same delay, keeping spacing;
    one claimed meanwhile (read as queued, running when updated) is left to its worker."""
    query = select(_C.id, _C.run_at).where(
        _C.lane == lane, _C.status == TaskStatus.QUEUED.value, _C.run_at < until
    )
    rows: list[tuple[Any, ...]] = [tuple(row) for row in execute_core(session, query)]
    if not rows:
        return
    delay = until - min(max(run_at, now) for _, run_at in rows)
    params = {"new_status": TaskStatus.QUEUED.value, "reason": None, "at": now}
    for task_id, run_at in rows:
        later = max(run_at, now) + delay
        moved = execute_core(session, _SHIFT, {**params, "task_id": task_id, "next_run": later})
        if getattr(moved, "rowcount", 0) and later - now > SETTLE_WAIT:
            _settle(session, task_id, now)
