"""The coalescing worker: one run per key per burst, newest task wins, failures contained."""

from __future__ import annotations

import threading
from functools import partial

import pytest

from bot.coalescing_worker import CoalescingWorker


def test_a_burst_for_one_key_runs_once_with_the_newest_task() -> None:
    worker = CoalescingWorker(delay=0.2, name="test-worker")
    ran: list[int] = []
    for number in range(5):
        worker.submit("ana", partial(ran.append, number))
    assert worker.wait_idle(timeout=5)
    assert ran == [4]


def test_each_key_runs_in_the_order_first_submitted() -> None:
    worker = CoalescingWorker(delay=0.05, name="test-worker")
    ran: list[str] = []
    for key in ["giver", "ana", "ben", "ana", "giver"]:
        worker.submit(key, partial(ran.append, key))
    assert worker.wait_idle(timeout=5)
    assert ran == ["giver", "ana", "ben"]


def test_a_key_submitted_while_its_task_runs_runs_again() -> None:
    worker = CoalescingWorker(delay=0.01, name="test-worker")
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def first() -> None:
        started.set()
        release.wait(5)
        ran.append("first")

    worker.submit("ana", first)
    assert started.wait(5)
    worker.submit("ana", lambda: ran.append("second"))
    release.set()
    assert worker.wait_idle(timeout=5)
    assert ran == ["first", "second"]


def test_a_failing_task_is_logged_and_the_worker_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    worker = CoalescingWorker(delay=0.01, name="test-worker")
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    worker.submit("broken", broken)
    assert worker.wait_idle(timeout=5)
    worker.submit("fine", lambda: ran.append("fine"))
    assert worker.wait_idle(timeout=5)
    assert ran == ["fine"]
    assert "background task for 'broken' failed" in caplog.text


def test_wait_idle_reports_a_timeout_while_work_is_pending() -> None:
    worker = CoalescingWorker(delay=10, name="test-worker")
    worker.submit("later", lambda: None)
    assert worker.wait_idle(timeout=0.05) is False


def test_no_thread_starts_until_something_is_submitted() -> None:
    before = threading.active_count()
    CoalescingWorker(delay=0.01, name="test-worker")
    assert threading.active_count() == before
