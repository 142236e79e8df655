"""End to end: the app stopped (SIGTERM) and killed (SIGKILL) in the middle of a burst of kudos,
with a slow Slack that enforces its per-channel rate: nothing acked is lost, nothing is doubled.

A SIGKILL can leave a step whose Slack call was answered but whose end was not yet recorded; it
runs again once its lease expires. That window is documented, so a repeat is allowed, but only
for the tasks that were `running` at the kill.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.delivery_checks import Gift, Site, gifts, open_site, tally, wait_complete
from tests.support.e2e import BACKENDS, wait_until

GRACE = 5  # SHUTDOWN_GRACE_SECONDS for these servers
ENV = {"SHUTDOWN_GRACE_SECONDS": str(GRACE)}
# A killed worker's lease (15 s) must expire before another one takes its tasks back.
AFTER_KILL_TIMEOUT = 60.0


@pytest.fixture(params=BACKENDS)
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    """A database and a slow, rate-enforcing fake Slack on each backend."""
    with open_site(request.param, tmp_path) as site:
        site.slack.set_latency(0.2, 0.3)
        site.slack.enforce_channel_rate(per_second=1.0, burst=3)
        yield site


def _step_of(task: dict[str, Any], batch: list[Gift]) -> tuple[str, Gift] | None:
    """Which step of which gift a task row is (None for other tasks)."""
    payload = json.loads(task["payload"])
    for gift in batch:
        if task["kind"] == "announce" and payload["receiver_ids"] == [gift.receiver]:
            return "announced", gift
        if task["kind"] == "dm" and payload["receiver_id"] == gift.receiver:
            return "dmed", gift
        if task["kind"] == "confirm" and payload["reply_to"]["user_id"] == gift.giver:
            return "confirmed", gift
    return None


def _running_steps(site: Site, batch: list[Gift]) -> set[tuple[str, Gift]]:
    running = (_step_of(t, batch) for t in site.tasks() if t["status"] == "running")
    return {step for step in running if step is not None}


def test_sigterm_then_sigkill_mid_burst_loses_and_doubles_nothing(site: Site) -> None:
    server = site.serve(extra_env=ENV)
    first = gifts("A", 30, channels=5)
    acked = site.burst(server, first)
    assert acked == first  # every request of the burst acked 200

    time.sleep(1.0)  # the worker is in the middle of it
    server.sigterm()
    assert server.wait_exit(timeout=GRACE + 5) == 0
    assert "stopped taking requests" in server.log()
    assert "unfinished" not in server.log()  # the steps in flight finished within the grace
    left = site.task_statuses()
    assert left["running"] == 0, f"a stopped server left tasks claimed: {dict(left)}"

    server = site.serve(extra_env=ENV)
    second = gifts("B", 4, channels=2)
    acked += site.burst(server, second)
    assert acked[len(first) :] == second

    third = gifts("K", 10, channels=3)
    sent: list[Gift] = []

    def send_slowly() -> None:  # one after another, so the kill lands in the middle
        for gift in third:
            try:
                status = site.send(server, gift)
            except OSError:
                continue
            if status == 200:
                sent.append(gift)
            time.sleep(0.1)  # acks take milliseconds: space them so the kill lands among them

    sender = threading.Thread(target=send_slowly, name="burst")
    sender.start()
    wait_until(lambda: len(sent) >= 4, "4 kudos of the last burst acked", timeout=10)
    server.sigkill()
    running_at_kill = site.task_statuses()["running"]
    steps_running = _running_steps(site, [*first, *second, *third])
    before = tally(site, acked)
    assert before.duplicates() == dict.fromkeys(before.duplicates(), 0)  # none before the kill
    sender.join(timeout=30)
    assert not sender.is_alive()
    assert 4 <= len(sent) < len(third), "the kill did not land in the middle of the burst"
    acked += sent

    site.serve(extra_env=ENV)
    result = wait_complete(site, acked, timeout=AFTER_KILL_TIMEOUT)

    assert set(result.stored.values()) == {1}, "a kudos stored twice (or not at all)"
    duplicates = result.duplicates()
    limited = [c for c in site.slack.calls_to("chat.postMessage") if not c.ok]
    print(
        f"{running_at_kill} task(s) running at the kill; repeated steps: {duplicates}; "
        f"{len(limited)} post(s) answered 429 by the channel rate"
    )
    assert sum(duplicates.values()) <= running_at_kill
    for step in ("announced", "dmed", "confirmed"):
        for gift, count in getattr(result, step).items():
            assert count <= 2, f"{gift.name} {step} {count} times"
            if count == 2:  # only a step that was running at the kill may have been repeated
                assert (step, gift) in steps_running, f"{gift.name} {step} twice"
    unacked = [g for g in third if g not in sent]
    late = tally(site, unacked)
    assert all(count <= 1 for count in late.stored.values())  # never acked: at most once
