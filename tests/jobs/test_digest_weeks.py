"""Each kudos is in exactly one weekly digest, across a clock change that moves the slot's day."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, time

import pytest

from bot.domain.schedule import Weekly, next_slot
from bot.jobs.scheduled_posts import run_scheduled_posts
from storage.claims_repo import ClaimKey, claim_of
from storage.database import Database
from tests.support.fake_slack import FakeSlack
from tests.support.scheduling import TEAM, deps_for, give, posts, schedule

# Saturdays 23:30 in Nuuk: on 28 Mar 2026 the clocks jump from 23:00 to 00:00, so that
# Saturday's digest is posted on Sunday 29 Mar at 00:30.
NUUK_SATURDAY = Weekly(5, time(23, 30), "America/Nuuk")
NOON_SATURDAYS = [datetime(2026, 3, day, 14, tzinfo=UTC) for day in (14, 21, 28)]  # UTC-2


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def test_the_week_before_a_slot_pushed_past_midnight_is_counted_once(
    database: Database, slack: FakeSlack
) -> None:
    schedule(database, "CNUUK", weekly=NUUK_SATURDAY, since=NOON_SATURDAYS[0])
    for at in NOON_SATURDAYS:
        give(database, f"k{at.day}", ("UANA",), at, message=f"thanks on {at.day} March")
    slot = next_slot(NUUK_SATURDAY, NOON_SATURDAYS[1])  # 21 Mar: the week of the 14th
    for _ in range(3):
        run_scheduled_posts(deps_for(database, slack), now=slot)
        slot = next_slot(NUUK_SATURDAY, slot)
    texts = [json.dumps(p["blocks"]) for p in posts(slack, "CNUUK")]
    assert len(texts) == 3
    for day, text in zip((14, 21, 28), texts, strict=True):
        assert f"thanks on {day} March" in text
        assert "*1 kudos* this week" in text
    with database.transaction() as session:
        key = ClaimKey(TEAM, "CNUUK", "digest", "2026-03-28")
        claim = claim_of(session=session, key=key)
    assert claim is not None and claim.slot_at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
