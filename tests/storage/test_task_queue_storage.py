"""The task queue on SQLite and PostgreSQL: accept once, claim under a lease, settle parents,
coalesce, pace lanes, retry failures, purge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.domain.tasks import NewTask, Task, TaskClass, TaskStatus
from storage import tasks_repo
from storage.database import Database
from storage.task_admin_repo import (
    children_of,
    failed_tasks,
    purge_finished,
    queue_stats,
    retry_failed,
)
from storage.tasks_repo import (
    add_tasks,
    claim_due,
    defer_task,
    fail_task,
    finish_task,
    queue_coalesced,
    release_tasks,
    requeue_expired,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LEASE = NOW + timedelta(seconds=15)


def _task(key: str, **kw: object) -> NewTask:
    fields: dict[str, object] = {
        "kind": "reply",
        "key": key,
        "klass": TaskClass.GIVING,
        "payload": {"n": key},
        "run_at": NOW,
        "team_id": "T1",
    }
    fields.update(kw)
    return NewTask(**fields)  # type: ignore[arg-type]


def _claim(
    database: Database, *, now: datetime = NOW, limit: int = 10, worker: str = "w1"
) -> list[Task]:
    with database.transaction() as session:
        return claim_due(
            session=session,
            limits={TaskClass.GIVING: limit},
            worker=worker,
            now=now,
            lease_until=now + timedelta(seconds=15),
        )


def test_a_request_accepted_twice_is_one_task(database: Database) -> None:
    writer = database.request_writer()
    assert writer.accept(tasks=[_task("a"), _task("b")], now=NOW) == {"a", "b"}
    assert writer.accept(tasks=[_task("a")], now=NOW) == set()
    assert [t.key for t in _claim(database)] == ["a", "b"]
    assert _claim(database) == []  # claimed tasks are not claimed again


def test_claims_take_only_due_tasks_of_the_class_and_count_attempts(database: Database) -> None:
    later = _task("later", run_at=NOW + timedelta(minutes=1))
    other = _task("other", klass=TaskClass.BACKGROUND)
    with database.transaction() as session:
        add_tasks(session=session, tasks=[_task("now"), later, other], now=NOW)
    (claimed,) = _claim(database)
    assert (claimed.key, claimed.attempts, claimed.payload) == ("now", 1, {"n": "now"})
    assert [t.key for t in _claim(database, now=NOW + timedelta(minutes=2))] == ["later"]


def _claim_due(database: Database, limits: dict[TaskClass, int]) -> list[str]:
    with database.transaction() as session:
        claimed = claim_due(session=session, limits=limits, worker="w1", now=NOW, lease_until=LEASE)
    return [t.key for t in claimed]


def test_one_claim_takes_each_class_up_to_its_own_limit_oldest_first(database: Database) -> None:
    tasks = [
        _task(f"{klass.value}-{n}", klass=klass, run_at=NOW - timedelta(seconds=n))  # 2 oldest
        for klass in TaskClass
        for n in range(3)
    ]
    with database.transaction() as session:
        add_tasks(session=session, tasks=tasks, now=NOW)
    limits = {TaskClass.GIVING: 2, TaskClass.INTERACTIVE: 5, TaskClass.BACKGROUND: 0}
    claimed = _claim_due(database, limits)
    assert sorted(claimed) == [
        "giving-1",
        "giving-2",
        "interactive-0",
        "interactive-1",
        "interactive-2",
    ]
    assert _claim_due(database, {TaskClass.GIVING: 5}) == ["giving-0"]
    assert _claim_due(database, {TaskClass.GIVING: 5, TaskClass.INTERACTIVE: 1}) == []
    assert sorted(_claim_due(database, dict.fromkeys(TaskClass, 9))) == [
        "background-0",
        "background-1",
        "background-2",
    ]


def test_concurrent_claims_skip_each_others_tasks(postgres_database: Database) -> None:
    tasks = [_task(f"t{n}", klass=klass) for n, klass in enumerate([*TaskClass, *TaskClass])]
    with postgres_database.transaction() as session:
        add_tasks(session=session, tasks=tasks, now=NOW)
    limits = dict.fromkeys(TaskClass, 1)
    with postgres_database.transaction() as first:
        mine = claim_due(session=first, limits=limits, worker="w1", now=NOW, lease_until=LEASE)
        with postgres_database.transaction() as second:  # while the first still holds its rows
            second.execute(text("SET LOCAL lock_timeout = '2s'"))  # fail, not hang, if it waits
            theirs = claim_due(
                session=second, limits=limits, worker="w2", now=NOW, lease_until=LEASE
            )
    assert len(mine) == len(theirs) == 3
    assert {t.key for t in mine} | {t.key for t in theirs} == {t.key for t in tasks}


def test_an_expired_lease_puts_the_task_back_and_a_released_one_too(database: Database) -> None:
    with database.transaction() as session:
        add_tasks(session=session, tasks=[_task("a"), _task("b")], now=NOW)
    a, _ = _claim(database)
    with database.transaction() as session:
        assert requeue_expired(session=session, now=NOW + timedelta(seconds=5)) == 0
        assert requeue_expired(session=session, now=NOW + timedelta(seconds=20)) == 2
    a, _b = _claim(database, now=NOW + timedelta(seconds=20), worker="w2")
    with database.transaction() as session:
        release_tasks(session=session, worker="w2", ids=[a.id], now=NOW)
    (again,) = _claim(database, now=NOW + timedelta(seconds=21))
    assert (again.key, again.attempts) == ("a", 2)  # the expiry counts; the release gives back


def test_a_parent_waits_until_every_child_settled(database: Database) -> None:
    parent = _task("confirm", children=(_task("announce"), _task("dm")))
    with database.transaction() as session:
        add_tasks(session=session, tasks=[parent], now=NOW)
    announce, dm = _claim(database)
    assert {announce.key, dm.key} == {"announce", "dm"}
    with database.transaction() as session:
        finish_task(session=session, task_id=announce.id, outcome={"ts": "1.2"}, now=NOW)
        late = NOW + timedelta(minutes=1)
        defer_task(session=session, task_id=dm.id, run_at=late, error="HTTP 500", now=NOW)
    (confirm,) = _claim(database)
    assert confirm.key == "confirm"
    with database.transaction() as session:
        steps = children_of(session=session, parent_id=confirm.id)
    assert [(s.key, s.status, s.outcome) for s in steps] == [
        ("announce", TaskStatus.DONE, {"ts": "1.2"}),
        ("dm", TaskStatus.QUEUED, None),
    ]


def test_a_short_deferral_keeps_the_parent_waiting(database: Database) -> None:
    with database.transaction() as session:
        add_tasks(session=session, tasks=[_task("confirm", children=(_task("dm"),))], now=NOW)
    (dm,) = _claim(database)
    with database.transaction() as session:
        soon = NOW + timedelta(seconds=1)
        defer_task(session=session, task_id=dm.id, run_at=soon, error="ratelimited", now=NOW)
    assert _claim(database) == []  # the confirmation still waits for the DM


def _finish_all(database: Database, tasks: list[Task]) -> None:
    with database.transaction() as session:
        for task in tasks:
            finish_task(session=session, task_id=task.id, outcome=None, now=NOW)


def test_posts_in_one_lane_are_paced_and_late_ones_do_not_hold_the_parent(
    database: Database,
) -> None:
    children = tuple(_task(f"post{i}", lane="post:T1:C1") for i in range(8))
    with database.transaction() as session:
        add_tasks(session=session, tasks=[_task("confirm", children=children)], now=NOW)
    first = _claim(database, now=NOW)
    assert [t.key for t in first] == ["post0"]  # one a second
    by_3s = _claim(database, now=NOW + timedelta(seconds=3))
    assert [t.key for t in by_3s] == ["post1", "post2", "post3"]
    _finish_all(database, [*first, *by_3s])
    at_5s = NOW + timedelta(seconds=5)
    _finish_all(database, _claim(database, now=at_5s))  # post4, post5
    # post6 and post7 go more than SETTLE_WAIT after queueing: they don't hold the parent.
    assert [t.key for t in _claim(database, now=at_5s)] == ["confirm"]


def test_a_lane_filling_up_meanwhile_never_strands_the_parent(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other givers commit posts to the same lane while this kudos is stored (PostgreSQL reads
    each statement afresh): the parent still waits for exactly the children stored unsettled."""
    later = iter([None, NOW + timedelta(seconds=30)])
    monkeypatch.setattr(tasks_repo, "_latest_in_lane", lambda _s, _lane: next(later, None))
    post = _task("announce", lane="post:T1:C1")
    with database.transaction() as session:
        add_tasks(session=session, tasks=[_task("confirm", children=(post,))], now=NOW)
    (announce,) = _claim(database)
    _finish_all(database, [announce])
    assert [t.key for t in _claim(database)] == ["confirm"]


def test_a_coalesced_task_runs_once_per_burst_and_again_if_asked_while_running(
    database: Database,
) -> None:
    refresh = _task("home:T1:U1", kind="home_refresh")
    with database.transaction() as session:
        for _ in range(3):
            queue_coalesced(session=session, task=refresh, now=NOW)
    (running,) = _claim(database)
    with database.transaction() as session:
        queue_coalesced(session=session, task=refresh, now=NOW)  # asked again while running
        finish_task(session=session, task_id=running.id, outcome=None, now=NOW)
    (again,) = _claim(database)
    with database.transaction() as session:
        finish_task(session=session, task_id=again.id, outcome=None, now=NOW)
    assert _claim(database) == []
    with database.transaction() as session:
        queue_coalesced(session=session, task=refresh, now=NOW)  # a new burst, later
    assert len(_claim(database)) == 1


def test_a_coalesced_task_asked_for_while_it_failed_runs_again(database: Database) -> None:
    refresh = _task("home:T1:U1", kind="home_refresh")
    with database.transaction() as session:
        queue_coalesced(session=session, task=refresh, now=NOW)
    (running,) = _claim(database)
    with database.transaction() as session:
        queue_coalesced(session=session, task=refresh, now=NOW)  # asked again while running
        fail_task(session=session, task_id=running.id, error="user_not_found", now=NOW)
    (again,) = _claim(database)  # the new request gets its run
    assert (again.key, again.attempts) == ("home:T1:U1", 1)
    with database.transaction() as session:
        fail_task(session=session, task_id=again.id, error="user_not_found", now=NOW)
    assert _claim(database) == []


def test_a_hold_gives_its_attempt_back(database: Database) -> None:
    with database.transaction() as session:
        add_tasks(session=session, tasks=[_task("a")], now=NOW)
    for _ in range(3):
        (held,) = _claim(database)
        with database.transaction() as session:
            defer_task(
                session=session, task_id=held.id, run_at=NOW, error="held", now=NOW, counted=False
            )
    (tried,) = _claim(database)
    assert tried.attempts == 1


def test_pushing_a_lane_back_leaves_a_task_claimed_meanwhile_to_its_worker(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between reading the lane's queued posts and moving them, another worker claims one
    (PostgreSQL: each statement sees what others committed)."""
    lane = "post:T1:C1"
    with postgres_database.transaction() as session:
        add_tasks(session=session, tasks=[_task("a", lane=lane), _task("b", lane=lane)], now=NOW)
    (running,) = _claim(postgres_database, limit=1)
    assert running.key == "a"
    later = NOW + timedelta(seconds=2)
    claimed: list[Task] = []
    raced: list[bool] = []
    real = tasks_repo.execute_core  # type: ignore[attr-defined]

    def racing(session: object, statement: object, params: object = None) -> object:
        result = real(session, statement, params)  # type: ignore[arg-type]
        if not raced:  # the lane's read: now another worker claims "b"
            raced.append(True)
            claimed.extend(_claim(postgres_database, now=later, worker="w2"))
        return result

    monkeypatch.setattr(tasks_repo, "execute_core", racing)
    with postgres_database.transaction() as session:  # "a" got a 429 for 30 s
        until = NOW + timedelta(seconds=30)
        tasks_repo.shift_lane(session=session, lane=lane, until=until, now=NOW)
    monkeypatch.undo()
    assert [t.key for t in claimed] == ["b"]
    with postgres_database.transaction() as session:
        assert finish_task(
            session=session, task_id=claimed[0].id, outcome=None, now=later, worker="w2"
        )  # still w2's: not put back under it


def test_failed_tasks_are_listed_retried_and_old_finished_ones_purged(database: Database) -> None:
    with database.transaction() as session:
        add_tasks(session=session, tasks=[_task("a"), _task("b")], now=NOW)
    a, b = _claim(database)
    with database.transaction() as session:
        fail_task(session=session, task_id=a.id, error="channel_not_found", now=NOW)
        finish_task(session=session, task_id=b.id, outcome=None, now=NOW)
        stats = queue_stats(session=session)
        assert (stats.counts[TaskStatus.FAILED], stats.counts[TaskStatus.DONE]) == (1, 1)
        assert [(t.key, t.error) for t in failed_tasks(session=session, limit=5)] == [
            ("a", "channel_not_found")
        ]
        assert retry_failed(session=session, ids=[a.id], now=NOW) == 1
    (retried,) = _claim(database)
    assert (retried.key, retried.attempts) == ("a", 1)
    with database.transaction() as session:
        finish_task(session=session, task_id=retried.id, outcome=None, now=NOW)
        assert purge_finished(session=session, before=NOW) == 0
        assert purge_finished(session=session, before=NOW + timedelta(days=1)) == 2
