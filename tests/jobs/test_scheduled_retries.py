"""Retries of scheduled posts near the catch-up limit, with a fake clock and a fake Slack."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.jobs import scheduled_posts
from bot.jobs.scheduled_posts import (
    CATCH_UP_LIMIT,
    MAX_ATTEMPTS,
    STALE_SENDING,
    retry_delay,
    run_scheduled_posts,
)
from storage.claims_repo import ClaimKey, ClaimStatus, claim_of, claim_post
from storage.database import Database
from tests.support.fake_slack import FakeSlack
from tests.support.scheduling import SLOT, TEAM, deps_for, posts, schedule

NEAR_THE_LIMIT = SLOT + CATCH_UP_LIMIT - timedelta(seconds=30)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def run(database: Database, slack: FakeSlack, now: datetime) -> None:
    run_scheduled_posts(deps_for(database, slack), now=now)


def status_of(database: Database, channel_id: str) -> str | None:
    with database.transaction() as session:
        claim = claim_of(session=session, key=ClaimKey(TEAM, channel_id, "digest", "2026-11-30"))
    return None if claim is None else claim.status


def test_a_caught_up_post_that_fails_near_the_limit_is_retried(
    database: Database, slack: FakeSlack
) -> None:
    schedule(database, "CLATE")
    slack.fail("chat.postMessage", "internal_error", times=1)
    run(database, slack, NEAR_THE_LIMIT)
    assert status_of(database, "CLATE") == "failed"
    run(database, slack, NEAR_THE_LIMIT + retry_delay(1))  # now past the 12 hours
    assert len(posts(slack, "CLATE")) == 2  # the failed attempt, then the post
    assert status_of(database, "CLATE") == "posted"


def test_retries_past_the_limit_go_on_until_the_last_attempt(
    database: Database, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    schedule(database, "CFLAKY")
    slack.fail("chat.postMessage", "internal_error", times=MAX_ATTEMPTS + 1)
    now = NEAR_THE_LIMIT
    for attempt in range(1, MAX_ATTEMPTS + 1):
        run(database, slack, now)
        assert len(slack.calls_to("chat.postMessage")) == attempt
        now += retry_delay(attempt)
    run(database, slack, now + timedelta(hours=1))
    assert len(slack.calls_to("chat.postMessage")) == MAX_ATTEMPTS
    assert status_of(database, "CFLAKY") == "abandoned"
    assert any("gave up on digest in CFLAKY" in r.getMessage() for r in caplog.records)


def test_a_skipped_post_is_not_retried(
    database: Database, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    schedule(database, "CDOWN")
    with caplog.at_level(logging.WARNING, logger="bot.jobs.scheduled_posts"):
        for minutes in (1, 2, 60):
            run(database, slack, SLOT + CATCH_UP_LIMIT + timedelta(minutes=minutes))
    assert posts(slack, "CDOWN") == []
    assert status_of(database, "CDOWN") == "skipped"
    assert sum("skipped" in r.getMessage() for r in caplog.records) == 1


def test_a_post_a_dead_process_left_sending_is_made_later_once(
    database: Database, slack: FakeSlack
) -> None:
    schedule(database, "CDIED")
    with database.transaction() as session:  # claimed by a process that died before posting
        claim_post(
            session=session,
            key=ClaimKey(TEAM, "CDIED", "digest", "2026-11-30"),
            slot_at=SLOT,
            status=ClaimStatus.SENDING,
            worker="gone-host:1",
            now=SLOT,
        )
    run(database, slack, SLOT + STALE_SENDING - timedelta(seconds=1))  # it may still be posting
    assert posts(slack, "CDIED") == []
    run(database, slack, SLOT + STALE_SENDING + timedelta(seconds=1))
    run(database, slack, SLOT + STALE_SENDING + timedelta(minutes=5))
    assert len(posts(slack, "CDIED")) == 1
    assert status_of(database, "CDIED") == "posted"


def test_a_claim_made_late_in_a_long_run_is_not_taken_for_a_dead_processs(
    database: Database, slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Process A's run reaches its second schedule 11 minutes in; process B ticks meanwhile."""
    schedule(database, "CAAA")
    schedule(database, "CZZZ")
    readings = iter([0.0, 0.0, 660.0])  # the run's start, its first schedule, its second
    monkeypatch.setattr("bot.jobs.scheduled_posts.monotonic", lambda: next(readings, 660.0))
    real_attempt = scheduled_posts._attempt
    ticked: list[bool] = []

    def attempt(deps: Any, client: Any, due: Any, number: int) -> None:
        if due.key.channel_id == "CZZZ" and not ticked:  # A has just claimed CZZZ
            ticked.append(True)
            run(database, slack, SLOT + STALE_SENDING + timedelta(minutes=1, seconds=35))  # B
        real_attempt(deps, client, due, number)

    monkeypatch.setattr(scheduled_posts, "_attempt", attempt)
    run(database, slack, SLOT)
    assert ticked and len(posts(slack, "CZZZ")) == 1
