"""End to end: signed Slack requests to the real server, a fake Web API, a real database."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from typing import Any

import pytest

from tests.support.e2e import Stack, Workspace, wait_until
from tests.support.live_server import BOT_TOKEN, SIGNING_SECRET
from tests.support.slack_requests import SlackSender

MSG = "stayed on after the outage to call back every customer"


def _posts(ws: Workspace) -> list[dict[str, Any]]:
    return [c.params for c in ws.stack.slack.calls_to("chat.postMessage")]


def test_kudos_is_stored_announced_dmed_and_confirmed(ws: Workspace) -> None:
    result = ws.command(f"<@UANA|ana> <@UBEN> #Respect {MSG}", "ok", channel_id="CTEAM")
    assert result.status == 200
    confirmation = ws.reply("ok")
    assert confirmation["response_type"] == "ephemeral"
    assert "<@UANA> and <@UBEN>" in confirmation["text"]
    rows = ws.kudos()
    assert {(r.giver_id, r.receiver_id, r.value, r.channel_id) for r in rows} == {
        ("UGIVER", "UANA", "respect", "CTEAM"),
        ("UGIVER", "UBEN", "respect", "CTEAM"),
    }
    assert len({r.act_id for r in rows}) == 1
    assert all(r.message == MSG for r in rows)
    assert sorted(p["channel"] for p in _posts(ws)) == ["CTEAM", "UANA", "UBEN"]
    tokens = {c.token for c in ws.stack.slack.calls_to("chat.postMessage")}
    assert tokens == {BOT_TOKEN}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"<@UANA>,<@UBEN> #respect {MSG}", id="comma-no-space"),
        pytest.param(f"<@UANA><@UBEN> #respect. {MSG}", id="glued-and-a-full-stop"),
    ],
)
def test_mentions_glued_together_thank_everyone_named(ws: Workspace, text: str) -> None:
    assert ws.command(text, "glued").status == 200
    assert "<@UANA> and <@UBEN>" in ws.reply("glued")["text"]
    assert sorted(r.receiver_id for r in ws.kudos()) == ["UANA", "UBEN"]
    assert {r.message for r in ws.kudos()} == {MSG}


def test_a_word_of_a_values_name_picks_it(ws: Workspace) -> None:
    assert ws.command(f"<@UANA> #urgency {MSG}", "word").status == 200
    assert "Act with urgency" in ws.reply("word")["text"]
    assert [r.value for r in ws.kudos()] == ["act-with-urgency"]


def test_a_message_with_the_word_payload_is_a_kudos_like_any_other(ws: Workspace) -> None:
    # Bolt's own parser reads any form body containing "payload" as an interaction and finds
    # no listener (404): the gate's reader looks for a payload field instead.
    text = "<@UANA> #respect thanks for the payload=fix and the payload schema"
    assert ws.command(text, "payload-word").status == 200
    assert "Kudos sent to <@UANA>" in ws.reply("payload-word")["text"]
    assert [r.message for r in ws.kudos()] == ["thanks for the payload=fix and the payload schema"]


def test_ack_comes_before_the_work(ws: Workspace) -> None:
    def slow_user(params: dict[str, Any]) -> dict[str, Any]:
        time.sleep(1.0)
        return {"ok": True, "user": {"id": params["user"], "is_bot": False, "deleted": False}}

    ws.stack.slack.set_answer("users.info", slow_user)
    try:
        result = ws.command(f"<@USLOW> #empathy {MSG}", "slow")
        assert result.status == 200
        assert ws.stack.slack.responses("slow") == []
        assert ws.reply("slow")["text"].startswith(":white_check_mark:")
    finally:
        ws.stack.slack.clear_answer("users.info")


def test_acks_never_wait_for_busy_workers(ws: Workspace) -> None:
    release = threading.Event()

    def blocked_user(params: dict[str, Any]) -> dict[str, Any]:
        release.wait(timeout=20)
        return {"ok": True, "user": {"id": params["user"], "is_bot": False, "deleted": False}}

    ws.stack.slack.set_answer("users.info", blocked_user)
    try:
        statuses = [
            ws.command(
                f"<@UBUSY{i}> #empathy {MSG}", f"busy{i}", user_id=f"UGIVER{i}", channel_id=f"CB{i}"
            ).status
            for i in range(20)
        ]
        assert statuses == [200] * 20  # more requests than worker threads, all acked
        assert ws.stack.slack.responses() == []
    finally:
        release.set()
        ws.stack.slack.clear_answer("users.info")
    for i in range(20):
        assert ws.reply(f"busy{i}")["text"].startswith(":white_check_mark:")


def test_unexpected_errors_are_logged_and_the_user_is_told(ws: Workspace) -> None:
    ws.stack.slack.fail("users.info", "invalid_arguments", times=1)
    ws.command(f"<@UERR> #empathy {MSG}", "err")
    text = ws.reply("err")["text"]
    assert "Something went wrong on our side (reference `" in text
    reference = text.split("`")[1]
    ws.wait_for_log(f"task {reference} (command) failed for good")
    assert "invalid_arguments" in ws.log()
    assert ws.kudos() == []


def test_a_transient_slack_error_is_retried_and_the_kudos_goes_through(ws: Workspace) -> None:
    ws.stack.slack.fail("users.info", "fatal_error", times=1)
    ws.command(f"<@URETRY> #empathy {MSG}", "retry")
    assert ws.reply("retry")["text"].startswith(":white_check_mark:")
    assert len(ws.kudos()) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"#respect {MSG}", "Mention at least one person"),
        (f"<@UGIVER|me> #respect {MSG}", "can't give them to yourself"),
        (f"<@UHELPER> #respect {MSG}", "is a bot"),
        (f"<@UBOT> #respect {MSG}", "is a bot"),
        (f"<@UGONE> #respect {MSG}", "no longer in this workspace"),
        (f"<@UANA> #teamwork {MSG}", "`#wow-the-customer`"),
        (f"<@UANA> {MSG}", "Name the value"),
        ("<@UANA> #respect thanks", "at least 10 characters"),
        ("<@UANA> #respect " + "x" * 1001, "the limit is 1000"),
        (f"<!channel> #respect {MSG}", "not to @channel"),
    ],
)
def test_refusals_are_private_and_store_nothing(ws: Workspace, text: str, expected: str) -> None:
    assert ws.command(text, "no").status == 200
    answer = ws.reply("no")
    assert answer["response_type"] == "ephemeral"
    assert expected in answer["text"]
    assert "/kudos @ana" in answer["text"]
    assert ws.kudos() == []
    assert _posts(ws) == []


def test_same_trigger_delivered_twice_is_stored_and_announced_once(ws: Workspace) -> None:
    ws.command(f"<@UANA> #empathy {MSG}", "first", trigger_id="111.222.same")
    ws.reply("first")
    ws.command(f"<@UANA> #empathy {MSG}", "again", trigger_id="111.222.same")
    ws.wait_for_log("duplicate delivery of request 111.222.same")
    assert len(ws.kudos()) == 1
    assert len(_posts(ws)) == 2  # the channel post and one DM, once


def test_channel_the_app_cannot_post_in_keeps_the_kudos_and_tells_the_giver(ws: Workspace) -> None:
    ws.stack.slack.fail(
        "chat.postMessage", "not_in_channel", when=lambda p: p["channel"] == "CPRIV"
    )
    ws.command(f"<@UANA> #empathy {MSG}", "priv", channel_id="CPRIV")
    text = ws.reply("priv")["text"]
    assert "couldn't announce it in this channel" in text
    assert "/invite @Difference Makers" in text
    assert len(ws.kudos()) == 1
    assert sorted(p["channel"] for p in _posts(ws)) == ["CPRIV", "UANA"]


def test_broadcasts_in_user_text_never_ping(ws: Workspace) -> None:
    text = f"<@UANA> #empathy {MSG} <!channel> <!here> <!everyone> <!subteam^S1|@ops>"
    ws.command(text, "loud")
    ws.reply("loud")
    for post in _posts(ws):
        assert "<!" not in json.dumps(post)
    stored = ws.kudos()[0].message
    assert stored.endswith("<!channel> <!here> <!everyone> <!subteam^S1|@ops>")


def test_rate_limited_post_is_retried_after_retry_after(ws: Workspace) -> None:
    ws.stack.slack.rate_limit(
        "chat.postMessage", retry_after=1, times=1, when=lambda p: p["channel"] == "CRL"
    )
    ws.command(f"<@UANA> #empathy {MSG}", "rl", channel_id="CRL")
    assert ws.reply("rl")["text"].startswith(":white_check_mark:")
    channels = [c.params["channel"] for c in ws.stack.slack.calls_to("chat.postMessage")]
    assert sorted(channels) == ["CRL", "CRL", "UANA"]


def test_help_and_values(ws: Workspace) -> None:
    ws.command("help", "help")
    ws.command("values", "values")
    assert "/kudos @ana @ben #respect" in ws.reply("help")["text"]
    values = ws.reply("values")["text"]
    for slug in (
        "wow-the-customer",
        "operate-with-excellence",
        "act-with-urgency",
        "respect",
        "be-the-visionary",
        "empathy",
    ):
        assert f"`#{slug}`" in values


@pytest.mark.parametrize("change", ["signature", "stale", "missing"])
def test_forged_or_stale_requests_get_401_and_change_nothing(ws: Workspace, change: str) -> None:
    secret = "wrong-secret" if change == "signature" else SIGNING_SECRET
    sender = SlackSender(ws.stack.server.events_url, secret)
    stamp = int(time.time()) - 6 * 60 if change == "stale" else None
    if change == "missing":
        url = ws.stack.server.events_url
        request = urllib.request.Request(url, data=b"text=hi", method="POST")  # noqa: S310
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(request, timeout=5)  # noqa: S310
        assert raised.value.code == 401
    else:
        result = sender.command(
            f"<@UANA> #empathy {MSG}",
            timestamp=stamp,
            team_id=ws.team_id,
            response_url=ws.stack.slack.response_url("forged"),
        )
        assert result.status == 401
    ws.command("help", "after")  # a real request afterwards, to be sure the forged one is done
    ws.reply("after")
    assert ws.stack.slack.responses("forged") == []
    assert ws.kudos() == []


def test_app_home_is_published_and_retries_are_harmless(ws: Workspace) -> None:
    ws.command(f"<@UANA> #empathy {MSG}", "give")
    ws.reply("give")
    sender = SlackSender(ws.stack.server.events_url, SIGNING_SECRET)
    event = {
        "type": "app_home_opened",
        "user": "UANA",
        "channel": "DANA",
        "tab": "home",
        "event_ts": "1700000000.000100",
    }
    assert sender.event(event, team_id=ws.team_id, event_id="Ev1").status == 200
    retried = sender.event(
        event, team_id=ws.team_id, event_id="Ev1", retry_num=1, retry_reason="http_timeout"
    )
    assert retried.status == 200
    wait_until(lambda: len(ws.homes("UANA")) == 1, "Home published")
    ws.command("help", "after")  # a later request, so a second publish would have happened
    ws.reply("after")
    assert len(ws.homes("UANA")) == 1  # Slack's retry of the same event is the same request
    assert all(MSG in json.dumps(view) for view in ws.homes("UANA"))
    assert all(len(view["blocks"]) <= 100 for view in ws.homes("UANA"))
    assert len(ws.kudos()) == 1


def test_kudos_refresh_only_the_homes_people_opened(ws: Workspace) -> None:
    assert MSG not in json.dumps(ws.open_home("UANA"))
    ws.command(f"<@UBEN> <@UANA> #empathy {MSG}", "give")
    ws.reply("give")
    ws.wait_for_home("UANA", MSG)
    # Refreshes run in order (giver, Ben, Ana): by Ana's, the other two were decided.
    assert ws.homes("UGIVER") == []
    assert ws.homes("UBEN") == []


def test_a_burst_of_kudos_refreshes_a_home_fewer_times_than_kudos(ws: Workspace) -> None:
    ws.open_home("UANA")
    for index in range(5):
        ws.command(f"<@UANA> #empathy {MSG} ({index})", f"give{index}", user_id=f"UG{index}")
    for index in range(5):
        ws.reply(f"give{index}")
    for index in range(5):
        ws.wait_for_home("UANA", f"{MSG} ({index})")
    ws.wait_for_homes_to_settle()
    assert len(ws.homes("UANA")) < 1 + 5


def test_admins_grant_roles_and_others_are_refused(ws: Workspace) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command("managers add <@UMAYA|maya>", "grant", user_id="UADMIN")
    assert "Added to managers: <@UMAYA>" in ws.reply("grant")["text"]
    ws.command("hr add <@UHANS>", "refused", user_id="UPLAIN")
    assert "Only workspace admins and owners" in ws.reply("refused")["text"]
    ws.command("managers", "list", user_id="UPLAIN")
    assert "*Managers:* <@UMAYA>" in ws.reply("list")["text"]
    ws.command("hr", "hr", user_id="UPLAIN")
    assert "nobody yet" in ws.reply("hr")["text"]
    ws.command("managers remove", "bad", user_id="UADMIN")
    assert "Usage: `/kudos managers`" in ws.reply("bad")["text"]


def test_health_and_secrets_stay_out_of_logs(stack: Stack) -> None:
    with urllib.request.urlopen(stack.server.base_url + "/healthz", timeout=5) as response:  # noqa: S310
        health = json.loads(response.read())
    assert (health["status"], health["database"]) == ("ok", "ok")
    assert set(health["queue"]) >= {"queued", "running", "failed", "oldest_waiting_seconds"}
    log = stack.server.log()
    assert "POST /slack/events" in log or "slack/events" in log
    assert BOT_TOKEN not in log
    assert SIGNING_SECRET not in log
