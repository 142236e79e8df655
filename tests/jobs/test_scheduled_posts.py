"""The scheduled-posts job with a fake clock and a fake Slack, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlmodel import col, update

from bot.domain.schedule import Scope, Weekly
from bot.jobs import scheduled_posts
from bot.jobs.posting import build_message
from bot.jobs.scheduled_posts import MAX_ATTEMPTS, retry_delay, run_scheduled_posts
from storage.claims_repo import ClaimKey, claim_of
from storage.database import Database
from storage.models import Kudos
from storage.schedules_repo import all_schedules
from tests.support.fake_slack import FakeSlack
from tests.support.scheduling import SLOT, TEAM, deps_for, give, posts, schedule

MINUTE = timedelta(minutes=1)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def run(database: Database, slack: FakeSlack, now: datetime) -> None:
    run_scheduled_posts(deps_for(database, slack), now=now)


def test_digest_is_posted_at_its_time_exactly_once(database: Database, slack: FakeSlack) -> None:
    schedule(database, "CTEAM")
    give(database, "k1", ("UANA", "UBEN"), SLOT - timedelta(days=2))
    run(database, slack, SLOT - MINUTE)
    assert posts(slack, "CTEAM") == []
    run(database, slack, SLOT + timedelta(seconds=5))
    for later in (SLOT + MINUTE, SLOT + 2 * MINUTE, SLOT + timedelta(hours=3)):
        run(database, slack, later)  # later ticks, or a restarted process
    (post,) = posts(slack, "CTEAM")
    text = json.dumps(post["blocks"], ensure_ascii=False)
    assert "*1 kudos* this week, *2 people* recognised." in text
    assert "kept the release calm" in text
    assert "Mon 23 Nov – Sun 29 Nov · Europe/Berlin" in text
    with database.transaction() as session:
        claim = claim_of(session=session, key=ClaimKey(TEAM, "CTEAM", "digest", "2026-11-30"))
    assert claim is not None and claim.status == "posted" and claim.message_ts


def test_a_slot_before_subscribing_is_not_posted(database: Database, slack: FakeSlack) -> None:
    schedule(database, "CNEW", since=SLOT + MINUTE)
    run(database, slack, SLOT + 2 * MINUTE)
    assert posts(slack, "CNEW") == []


@pytest.mark.parametrize(
    ("tz", "slots_utc"),
    [
        (
            "Europe/Berlin",
            [datetime(2026, 10, 19, 7, tzinfo=UTC), datetime(2026, 10, 26, 8, tzinfo=UTC)],
        ),
        (
            "Australia/Melbourne",
            [datetime(2026, 9, 27, 23, tzinfo=UTC), datetime(2026, 10, 4, 22, tzinfo=UTC)],
        ),
    ],
)
def test_nine_oclock_local_on_both_sides_of_a_dst_change(
    database: Database, slack: FakeSlack, tz: str, slots_utc: list[datetime]
) -> None:
    schedule(
        database, "CDST", weekly=Weekly(0, time(9, 0), tz), since=slots_utc[0] - timedelta(days=3)
    )
    for slot in slots_utc:
        before = len(posts(slack, "CDST"))
        run(database, slack, slot - timedelta(hours=1) + MINUTE)  # 09:01 under the other offset
        assert len(posts(slack, "CDST")) == before
        run(database, slack, slot)
        assert len(posts(slack, "CDST")) == before + 1


def test_a_missed_post_is_caught_up_within_12_hours(database: Database, slack: FakeSlack) -> None:
    schedule(database, "CLATE")
    run(database, slack, SLOT + timedelta(hours=11, minutes=59))
    assert len(posts(slack, "CLATE")) == 1


def test_a_post_missed_by_more_than_12_hours_is_skipped_with_a_log_line(
    database: Database, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    schedule(database, "CDOWN")
    with caplog.at_level(logging.WARNING, logger="bot.jobs.scheduled_posts"):
        run(database, slack, SLOT + timedelta(hours=12, minutes=1))
        run(database, slack, SLOT + timedelta(hours=12, minutes=2))
    assert posts(slack, "CDOWN") == []
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(skipped) == 1
    assert "digest in CDOWN (T1) for 2026-11-30" in skipped[0]
    run(database, slack, SLOT + timedelta(days=7))  # the next week posts as usual
    assert len(posts(slack, "CDOWN")) == 1


def test_500_kudos_in_a_week_fit_in_one_message(database: Database, slack: FakeSlack) -> None:
    schedule(database, "CBIG")
    for i in range(500):
        give(database, f"k{i}", (f"U{i:04d}",), SLOT - timedelta(days=6, minutes=-i))
    run(database, slack, SLOT)
    (post,) = posts(slack, "CBIG")
    assert len(post["blocks"]) <= 50
    text = json.dumps(post["blocks"], ensure_ascii=False)
    assert "*500 kudos* this week, *500 people* recognised." in text
    assert "and 460 more kudos this week" in text
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in post["blocks"])


def test_private_kudos_never_appear(database: Database, slack: FakeSlack) -> None:
    schedule(database, "CPRIV")
    give(database, "public", ("UANA",), SLOT - timedelta(days=1), message="the public thanks")
    give(database, "private", ("UBEN",), SLOT - timedelta(days=1), message="the private thanks")
    with database.transaction() as session:
        session.execute(
            update(Kudos).where(col(Kudos.request_key) == "private").values(is_private=True)
        )
    run(database, slack, SLOT)
    text = json.dumps(posts(slack, "CPRIV"))
    assert "the public thanks" in text
    assert "the private thanks" not in text and "UBEN" not in text


def test_channel_scope_celebrates_its_members_only(database: Database, slack: FakeSlack) -> None:
    slack.set_channel_members("CTEAM", ["UANA", "UCLEO"])
    schedule(database, "CTEAM", scope=Scope.CHANNEL)
    give(database, "in", ("UANA",), SLOT - timedelta(days=1), message="a member was thanked")
    give(database, "out", ("UBEN",), SLOT - timedelta(days=1), message="an outsider was thanked")
    run(database, slack, SLOT)
    text = json.dumps(posts(slack, "CTEAM"))
    assert "a member was thanked" in text and "an outsider was thanked" not in text


def test_a_quiet_week_posts_a_prompt_and_prompts_rotate(
    database: Database, slack: FakeSlack
) -> None:
    schedule(database, "CQUIET")
    schedule(database, "CQUIET", kind="prompt", weekly=Weekly(2, time(10, 0), "Europe/Berlin"))
    run(database, slack, SLOT)
    assert "A quiet week" in json.dumps(posts(slack, "CQUIET"))
    for week in range(3):
        run(database, slack, SLOT + timedelta(days=2 + 7 * week, hours=1))
    prompts = [
        p["text"] for p in posts(slack, "CQUIET") if p["text"].startswith("This week's reflection")
    ]
    assert len(prompts) == 3
    assert prompts[0] != prompts[1] != prompts[2]


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "is_archived"])
def test_a_channel_the_app_lost_is_unsubscribed_and_the_subscriber_told(
    database: Database, slack: FakeSlack, error: str
) -> None:
    schedule(database, "CGONE")
    schedule(database, "CGONE", kind="prompt")
    slack.fail("chat.postMessage", error, when=lambda p: p["channel"] == "CGONE")
    run(database, slack, SLOT)
    with database.transaction() as session:
        assert all_schedules(session=session) == []
    (dm,) = posts(slack, "UMAYA")
    assert "<#CGONE>" in dm["text"] and f"`{error}`" in dm["text"]


def test_other_errors_are_retried_with_backoff_then_given_up(
    database: Database, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    schedule(database, "CFLAKY")
    slack.fail("chat.postMessage", "internal_error", times=MAX_ATTEMPTS + 1)
    now = SLOT
    for attempt in range(1, MAX_ATTEMPTS + 1):
        run(database, slack, now)
        assert len(slack.calls_to("chat.postMessage")) == attempt
        run(database, slack, now + retry_delay(attempt) - timedelta(seconds=1))
        assert len(slack.calls_to("chat.postMessage")) == attempt  # not before the backoff
        now += retry_delay(attempt)
    run(database, slack, now + timedelta(hours=1))
    assert len(slack.calls_to("chat.postMessage")) == MAX_ATTEMPTS
    assert any("gave up on digest in CFLAKY" in r.getMessage() for r in caplog.records)


def test_a_failed_post_succeeds_on_retry(database: Database, slack: FakeSlack) -> None:
    schedule(database, "CRETRY")
    slack.fail("chat.postMessage", "internal_error", times=1)
    run(database, slack, SLOT)
    run(database, slack, SLOT + retry_delay(1))
    run(database, slack, SLOT + retry_delay(1) + timedelta(minutes=5))
    assert len(posts(slack, "CRETRY")) == 2  # one failed, one posted, nothing more


def test_rate_limits_honour_retry_after(database: Database, slack: FakeSlack) -> None:
    schedule(database, "CRL")
    slack.rate_limit("chat.postMessage", retry_after=1, times=1)
    run(database, slack, SLOT)
    assert len(posts(slack, "CRL")) == 2  # the 429, then the post after Retry-After
    with database.transaction() as session:
        claim = claim_of(session=session, key=ClaimKey(TEAM, "CRL", "digest", "2026-11-30"))
    assert claim is not None and claim.status == "posted"


def test_an_unexpected_error_in_one_channel_does_not_hold_up_the_others(
    database: Database,
    slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken_for_one(deps: Any, client: Any, schedule: Any, slot: datetime) -> Any:
        if schedule.channel_id == "CBROKEN":
            raise KeyError("surprise")
        return build_message(deps, client, schedule, slot)

    monkeypatch.setattr(scheduled_posts, "build_message", broken_for_one)
    schedule(database, "CBROKEN")
    schedule(database, "CFINE")
    run(database, slack, SLOT)
    assert len(posts(slack, "CFINE")) == 1
    assert "scheduled digest in CBROKEN failed" in caplog.text
