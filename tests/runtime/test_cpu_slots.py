"""CPU slots: at most N holders, the slot given back while waiting on the network, and acks in
flight first (a step about to run Python, or to call Slack, waits for a pause in the acks)."""

from __future__ import annotations

import threading

import pytest

from bot.runtime import cpu
from bot.runtime.cpu import CpuSlots

WAIT = 5.0  # seconds: how long a test waits for something that must happen


def _started(target: object) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)  # type: ignore[arg-type]
    thread.start()
    return thread


def test_no_more_holders_than_slots_and_io_waits_give_the_slot_back() -> None:
    slots = CpuSlots(1)
    waiting, second_in = threading.Event(), threading.Event()
    release = threading.Event()

    def first() -> None:
        with slots.held(), slots.io_wait():
            waiting.set()
            release.wait(WAIT)

    def second() -> None:
        with slots.held():
            second_in.set()

    one = _started(first)
    assert waiting.wait(WAIT)
    two = _started(second)
    assert second_in.wait(WAIT)  # the first gave its slot back while it waited on the network
    release.set()
    one.join(WAIT)
    two.join(WAIT)


@pytest.mark.parametrize("where", ["taking a slot", "calling Slack"])
def test_a_step_waits_for_the_acks_in_flight(where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cpu, "ACKS_FIRST_WAIT", WAIT * 2)  # only the pause may let it through
    slots = CpuSlots(2)
    ready, ack_started, end_ack, went = (threading.Event() for _ in range(4))

    def step() -> None:
        with slots.held():
            ready.set()
            ack_started.wait(WAIT)
            with slots.io_wait():
                went.set()

    def step_after_ack() -> None:
        ack_started.wait(WAIT)
        with slots.held():
            went.set()

    def request() -> None:
        with slots.acking():
            ack_started.set()
            end_ack.wait(WAIT)

    worker = _started(step if where == "calling Slack" else step_after_ack)
    if where == "calling Slack":
        assert ready.wait(WAIT)
    acker = _started(request)
    assert ack_started.wait(WAIT)
    assert not went.wait(0.2)  # held back while the ack is in flight
    end_ack.set()
    assert went.wait(WAIT)  # and let through once the acks pause
    acker.join(WAIT)
    worker.join(WAIT)


def test_a_step_goes_ahead_after_the_longest_wait_even_if_acks_never_pause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cpu, "ACKS_FIRST_WAIT", 0.05)
    slots = CpuSlots(1)
    end_ack, went = threading.Event(), threading.Event()

    def request() -> None:
        with slots.acking():
            end_ack.wait(WAIT)

    acker = _started(request)

    def step() -> None:
        with slots.held(), slots.io_wait():
            went.set()

    _started(step)
    assert went.wait(WAIT)  # never starved by a stream of acks
    end_ack.set()
    acker.join(WAIT)
