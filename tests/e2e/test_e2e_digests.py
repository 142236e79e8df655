"""End to end: subscribe with signed `/kudos digest|prompt` requests, then run the job on time."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.deps import Deps
from bot.domain.schedule import WEEKDAYS, Weekly, next_slot
from bot.jobs.scheduled_posts import run_scheduled_posts
from storage.schedules_repo import Schedule, schedule_of
from tests.support.e2e import Workspace
from tests.support.live_server import BOT_TOKEN, SIGNING_SECRET

MSG = "stayed on after the outage to call back every customer"


def _schedule(ws: Workspace, channel_id: str, kind: str = "digest") -> Schedule | None:
    with ws.stack.database.transaction() as session:
        return schedule_of(session=session, team_id=ws.team_id, channel_id=channel_id, kind=kind)


def _run_job(ws: Workspace, now: datetime) -> None:
    settings = Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=ws.stack.slack.api_url,
    )
    run_scheduled_posts(Deps(settings=settings, database=ws.stack.database), now=now)


def _posts(ws: Workspace, channel_id: str) -> list[dict[str, Any]]:
    calls = ws.stack.slack.calls_to("chat.postMessage")
    return [c.params for c in calls if c.params["channel"] == channel_id]


def _manager(ws: Workspace, user_id: str = "UMAYA") -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.stack.slack.add_user(user_id, tz="Australia/Melbourne")
    ws.command(f"managers add <@{user_id}>", "grant", user_id="UADMIN")
    assert "Added to managers" in ws.reply("grant")["text"]


def test_subscribe_then_the_digest_is_posted_at_its_time(ws: Workspace) -> None:
    channel = "C" + ws.team_id[1:]
    _manager(ws)
    ws.stack.slack.set_channel_members(channel, ["UANA", "UBEN"])
    for i, who in enumerate(("UANA", "UBEN", "UOUTSIDER")):
        ws.command(f"<@{who}> #empathy {MSG} ({i})", f"give{i}", channel_id=channel)
        ws.reply(f"give{i}")
    berlin_tomorrow = datetime.now(UTC).astimezone(ZoneInfo("Europe/Berlin")) + timedelta(days=1)
    weekday = WEEKDAYS[berlin_tomorrow.weekday()]
    ws.command(
        f"digest on {weekday} 16:30 Europe/Berlin", "on", user_id="UMAYA", channel_id=channel
    )
    answer = ws.reply("on")["text"]
    assert f"every {weekday.capitalize()} at 16:30 (Europe/Berlin)" in answer
    assert "this channel's members" in answer
    stored = _schedule(ws, channel)
    assert stored is not None and stored.weekly == Weekly(
        berlin_tomorrow.weekday(), time(16, 30), "Europe/Berlin"
    )
    slot = next_slot(stored.weekly, stored.active_since)
    _run_job(ws, slot - timedelta(minutes=1))
    assert _posts(ws, channel)[3:] == []  # only the three kudos announcements so far
    _run_job(ws, slot + timedelta(seconds=10))
    _run_job(ws, slot + timedelta(minutes=1))
    digests = [p for p in _posts(ws, channel) if p["text"].startswith("This week's difference")]
    assert len(digests) == 1
    text = json.dumps(digests[0]["blocks"])
    assert "*2 kudos* this week, *2 people* recognised." in text
    assert f"{MSG} (1)" in text and f"{MSG} (0)" in text and f"{MSG} (2)" not in text
    assert text.index(f"{MSG} (1)") < text.index(f"{MSG} (0)")  # newest first


def test_show_defaults_and_off(ws: Workspace) -> None:
    channel = "C" + ws.team_id[1:]
    _manager(ws)
    ws.command("digest", "none", user_id="UPLAIN", channel_id=channel)
    assert "No weekly digest in this channel" in ws.reply("none")["text"]
    ws.command("digest on", "on", user_id="UMAYA", channel_id=channel)
    assert "every Monday at 09:00 (Australia/Melbourne)" in ws.reply("on")["text"]
    ws.command("digest", "show", user_id="UPLAIN", channel_id=channel)
    shown = ws.reply("show")["text"]
    assert re.search(r"Next post: Monday \d{1,2} [A-Z][a-z]{2}, 09:00 Australia/Melbourne\.", shown)
    ws.command("prompt on wednesday 10:00", "prompt", user_id="UMAYA", channel_id=channel)
    assert "weekly reflection prompt is on here" in ws.reply("prompt")["text"]
    ws.command("digest off", "off", user_id="UMAYA", channel_id=channel)
    assert "is off in this channel" in ws.reply("off")["text"]
    assert _schedule(ws, channel) is None
    assert _schedule(ws, channel, "prompt") is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("digest on funday", "I don't understand `funday`"),
        ("digest on 25:00", "`25:00` is not a time of day"),
        ("digest on Mars/Base_One", "`Mars/Base_One` is not a time zone I know"),
        ("prompt on scope:workspace", "`scope:` applies only to digests"),
        ("digest sideways", "I didn't understand that"),
    ],
)
def test_bad_input_is_answered_privately_and_changes_nothing(
    ws: Workspace, text: str, expected: str
) -> None:
    _manager(ws)
    ws.command(text, "bad", user_id="UMAYA", channel_id="CBAD")
    answer = ws.reply("bad")
    assert answer["response_type"] == "ephemeral"
    assert expected in answer["text"] and "Usage: `/kudos" in answer["text"]
    assert _schedule(ws, "CBAD") is None and _schedule(ws, "CBAD", "prompt") is None


def test_only_admins_and_managers_may_change_schedules(ws: Workspace) -> None:
    ws.command("digest on", "plain", user_id="UPLAIN", channel_id="CPLAIN")
    assert (
        "Only workspace admins and owners, and people they make managers"
        in ws.reply("plain")["text"]
    )
    ws.command("digest off", "plainoff", user_id="UPLAIN", channel_id="CPLAIN")
    assert "Only workspace admins" in ws.reply("plainoff")["text"]
    ws.stack.slack.add_user("UOWNER", is_owner=True, tz="America/New_York")
    ws.command("digest on scope:workspace", "owner", user_id="UOWNER", channel_id="CPLAIN")
    assert "from the whole workspace" in ws.reply("owner")["text"]
    stored = _schedule(ws, "CPLAIN")
    assert stored is not None and stored.weekly.tz == "America/New_York"


@pytest.mark.parametrize(
    ("channel", "info", "expected"),
    [
        (
            "CNOTIN",
            {"ok": True, "channel": {"id": "CNOTIN", "is_member": False}},
            "not in this channel",
        ),
        (
            "CARCH",
            {"ok": True, "channel": {"id": "CARCH", "is_member": True, "is_archived": True}},
            "archived",
        ),
        ("GSECRET", {"ok": False, "error": "channel_not_found"}, "I can't see this channel"),
        ("DMAYA", None, "not in a direct message"),
    ],
)
def test_a_channel_the_app_cannot_post_in_is_refused(
    ws: Workspace, channel: str, info: dict[str, Any] | None, expected: str
) -> None:
    _manager(ws)
    if info is not None:
        ws.stack.slack.set_answer("conversations.info", info)
    try:
        ws.command("digest on", "where", user_id="UMAYA", channel_id=channel)
        answer = ws.reply("where")["text"]
    finally:
        ws.stack.slack.clear_answer("conversations.info")
    assert expected in answer and "Nothing changed" in answer
    assert _schedule(ws, channel) is None
