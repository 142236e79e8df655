"""Two (or more) schedulers racing for the same slots post each one exactly once."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.jobs import scheduled_posts
from bot.jobs.scheduled_posts import run_scheduled_posts
from storage.database import Database
from tests.support.fake_slack import FakeSlack
from tests.support.scheduling import SLOT, deps_for, posts, schedule

CHANNELS = [f"CRACE{i:02d}" for i in range(12)]
SCHEDULERS = 4


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def _race(database: Database, slack: FakeSlack, rounds: int) -> None:
    """Each scheduler has its own engine and connections, like a separate process."""
    url = database.engine.url.render_as_string(hide_password=False)
    engines = [Database.from_url(url) for _ in range(SCHEDULERS)]
    barrier = threading.Barrier(SCHEDULERS)
    errors: list[BaseException] = []

    def scheduler(engine: Database) -> None:
        try:
            for tick in range(rounds):
                barrier.wait(timeout=30)
                run_scheduled_posts(deps_for(engine, slack), now=SLOT + timedelta(seconds=tick))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=scheduler, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for engine in engines:
        engine.dispose()
    assert not errors, errors


def test_schedulers_racing_for_the_same_slots_post_each_once(
    database: Database, slack: FakeSlack
) -> None:
    """On PostgreSQL this is the production case: several dynos on one database."""
    for channel in CHANNELS:
        schedule(database, channel)
    _race(database, slack, rounds=3)
    counts = Counter(c.params["channel"] for c in slack.calls_to("chat.postMessage"))
    assert counts == dict.fromkeys(CHANNELS, 1)


class ProcessDied(BaseException):
    """Like SIGKILL: nothing in the process gets to handle it."""


def test_a_crash_after_posting_is_the_one_post_made_again_once(
    database: Database, slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one window no bookkeeping closes: Slack took the post, the process died before
    recording it. The claim, left sending, is taken up after STALE_SENDING: once."""
    schedule(database, "CCRASH")

    def crash(**_: object) -> None:
        raise ProcessDied  # right after posting, before recording it

    with monkeypatch.context() as patch:
        patch.setattr(scheduled_posts, "finish_claim", crash)
        with pytest.raises(ProcessDied):
            run_scheduled_posts(deps_for(database, slack), now=SLOT)
    run_scheduled_posts(deps_for(database, slack), now=SLOT + timedelta(minutes=1))
    assert len(posts(slack, "CCRASH")) == 1  # it may still be posting: left alone
    for minutes in (11, 30, 600):  # the restarted process keeps ticking
        run_scheduled_posts(deps_for(database, slack), now=SLOT + timedelta(minutes=minutes))
    assert len(posts(slack, "CCRASH")) == 2


_PROCESS = """
import sys
from datetime import datetime
from bot.deps import Deps
from bot.jobs.scheduled_posts import run_scheduled_posts
from storage.database import Database
from tests.support.scheduling import settings_for

url, api_url, now = sys.argv[1:4]
deps = Deps(settings=settings_for(api_url), database=Database.from_url(url))
sys.stdin.readline()  # start together
run_scheduled_posts(deps, now=datetime.fromisoformat(now))
print("done")
"""


def test_two_app_processes_racing_post_each_slot_once(database: Database, slack: FakeSlack) -> None:
    """Two real processes (two web dynos, or web and clock) on one database."""
    for channel in CHANNELS:
        schedule(database, channel)
    url = database.engine.url.render_as_string(hide_password=False)
    args = [sys.executable, "-c", _PROCESS, url, slack.api_url, SLOT.isoformat()]
    processes = [
        subprocess.Popen(  # noqa: S603
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = [process.communicate(timeout=60) for process in processes]
    assert [out.strip() for out, _ in outputs] == ["done", "done"], outputs
    counts = Counter(c.params["channel"] for c in slack.calls_to("chat.postMessage"))
    assert counts == dict.fromkeys(CHANNELS, 1)
