"""End to end on PostgreSQL: one web process (`serve --no-worker`) and two `kudos-bot worker`
processes share one queue; a burst of kudos is worked by both, every step exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.delivery_checks import gifts, open_site, wait_complete
from tests.support.live_server import WORKER_RUNNING

pytestmark = pytest.mark.postgres


def _requests(log: str, url: str) -> int:
    """How many Web API requests to `url` a process logged (slack_sdk logs each at DEBUG)."""
    return log.count(f"Sending a request - url: {url},")


def test_two_workers_share_a_burst_and_run_every_step_once(tmp_path: Path) -> None:
    with open_site("postgres", tmp_path) as site:
        site.slack.set_latency(0.2, 0.3)  # steps stay in flight, as on Slack
        web = site.serve(no_worker=True)
        workers = [site.worker(), site.worker()]
        names = {m.group(1) for w in workers if (m := WORKER_RUNNING.search(w.log()))}
        assert len(names) == 2  # two workers, two claim names
        assert WORKER_RUNNING.search(web.log()) is None  # the web process runs no tasks

        batch = gifts("W", 100, channels=25)  # more kudos than one worker's 64 giving threads
        assert site.burst(web, batch) == batch
        result = wait_complete(site, batch, timeout=30)

        for step in ("stored", "announced", "dmed", "confirmed"):
            counts = getattr(result, step)
            assert set(counts.values()) == {1}, f"{step}: {counts}"
        posted = site.slack.api_url + "chat.postMessage"
        per_worker = [_requests(w.log(), posted) for w in workers]
        assert _requests(web.log(), posted) == 0
        assert sum(per_worker) == len(site.slack.calls_to("chat.postMessage"))
        print(f"chat.postMessage per worker: {per_worker}")
        assert all(count > 0 for count in per_worker), f"one worker did all: {per_worker}"
        tasks = site.tasks()
        assert {t["status"] for t in tasks} == {"done"}
        assert {t["attempts"] for t in tasks} == {1}  # each step claimed by one worker, once

        for app in (web, *workers):
            app.sigterm()
        assert [app.wait_exit(timeout=15) for app in (web, *workers)] == [0, 0, 0]
