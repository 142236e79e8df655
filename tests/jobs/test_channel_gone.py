"""A channel the app lost: its schedules stop, and each subscriber hears about their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.jobs.scheduled_posts import run_scheduled_posts
from storage.database import Database
from storage.schedules_repo import all_schedules
from tests.support.fake_slack import FakeSlack
from tests.support.scheduling import SLOT, deps_for, posts, schedule

DIGEST_ON, PROMPT_ON = "`/kudos digest on`", "`/kudos prompt on`"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def lose(database: Database, slack: FakeSlack, channel_id: str) -> None:
    slack.fail("chat.postMessage", "is_archived", when=lambda p: p["channel"] == channel_id)
    run_scheduled_posts(deps_for(database, slack), now=SLOT)
    with database.transaction() as session:
        assert all_schedules(session=session) == []


def test_each_subscriber_is_told_about_their_own_schedule(
    database: Database, slack: FakeSlack
) -> None:
    schedule(database, "CGONE", by="UMAYA")
    schedule(database, "CGONE", kind="prompt", by="UOMAR")
    lose(database, slack, "CGONE")
    (to_maya,) = posts(slack, "UMAYA")
    (to_omar,) = posts(slack, "UOMAR")
    assert "the weekly digest in <#CGONE>" in to_maya["text"]
    assert DIGEST_ON in to_maya["text"] and "prompt" not in to_maya["text"]
    assert "the weekly reflection prompt in <#CGONE>" in to_omar["text"]
    assert PROMPT_ON in to_omar["text"] and "digest" not in to_omar["text"]


def test_who_subscribed_both_gets_one_message_naming_both(
    database: Database, slack: FakeSlack
) -> None:
    schedule(database, "CGONE", kind="prompt")
    schedule(database, "CGONE")
    lose(database, slack, "CGONE")
    (dm,) = posts(slack, "UMAYA")
    assert "the weekly digest and the weekly reflection prompt in <#CGONE>" in dm["text"]
    assert f"{DIGEST_ON} and {PROMPT_ON}" in dm["text"] and "`is_archived`" in dm["text"]
