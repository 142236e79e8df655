"""End to end: shortcuts, the modal, App Home, stats and fair use, with signed Slack payloads."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from tests.support.e2e import Workspace, wait_until
from tests.support.interactions import (
    block_actions,
    global_shortcut,
    message_shortcut,
    modal_state,
    submitted_view,
    view_submission,
)
from tests.support.live_server import SIGNING_SECRET
from tests.support.slack_requests import SlackHttpResult, SlackSender

MSG = "stayed on after the outage to call back every customer"


def _send(ws: Workspace, payload: dict[str, Any]) -> SlackHttpResult:
    return SlackSender(ws.stack.server.events_url, SIGNING_SECRET).interaction(payload)


def _open_modal(ws: Workspace, user_id: str = "UGIVER") -> dict[str, Any]:
    before = len(ws.stack.slack.calls_to("views.open"))
    payload = global_shortcut("give_kudos", team_id=ws.team_id, user_id=user_id)
    assert _send(ws, payload).status == 200
    call = ws.stack.slack.wait_for_calls("views.open", count=before + 1)[-1]
    assert call.params["trigger_id"] == payload["trigger_id"]
    view: dict[str, Any] = call.params["view"]
    return view


def _submit(ws: Workspace, state: dict[str, Any], *, user_id: str = "UGIVER") -> SlackHttpResult:
    view = submitted_view(_open_modal(ws, user_id), state, "VMODAL" + ws.team_id)
    return _send(ws, view_submission(view, team_id=ws.team_id, user_id=user_id))


def _posts(ws: Workspace) -> list[dict[str, Any]]:
    return [c.params for c in ws.stack.slack.calls_to("chat.postMessage")]


def _within_block_kit_limits(view: dict[str, Any]) -> None:
    assert len(view["blocks"]) <= 100
    for block in view["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def test_global_shortcut_opens_the_modal_with_every_value(ws: Workspace) -> None:
    view = _open_modal(ws)
    _within_block_kit_limits(view)
    assert view["callback_id"] == "give_kudos_modal"
    text = json.dumps(view)
    for name in ("Wow the customer", "Treat people with respect", "Empathy"):
        assert name in text
    assert ":handshake:" in text


def test_a_global_shortcut_too_late_for_its_trigger_is_told_so_by_dm(ws: Workspace) -> None:
    ws.stack.slack.fail("views.open", "expired_trigger_id", times=1)
    payload = global_shortcut("give_kudos", team_id=ws.team_id, user_id="UGIVER")
    assert _send(ws, payload).status == 200
    wait_until(
        lambda: any("took too long" in p["text"] and p["channel"] == "UGIVER" for p in _posts(ws)),
        "the giver told by DM",
    )


def test_message_shortcut_prefills_the_author_and_links_the_message(ws: Workspace) -> None:
    payload = message_shortcut(
        "give_kudos_for_message",
        team_id=ws.team_id,
        user_id="UGIVER",
        channel_id="CTEAM",
        author_id="UAUTHOR",
        response_url=ws.stack.slack.response_url("msg"),
    )
    assert _send(ws, payload).status == 200
    view = ws.stack.slack.wait_for_calls("views.open")[0].params["view"]
    _within_block_kit_limits(view)
    people = next(b for b in view["blocks"] if b.get("block_id") == "recipients")
    assert people["element"]["initial_users"] == ["UAUTHOR"]
    link = "https://example.slack.com/archives/CTEAM/p1700000123000400"
    assert link in json.dumps(view)
    state = modal_state(["UAUTHOR"], "respect", MSG, channel_id="CTEAM")
    submitted = submitted_view(view, state, "VMSG" + ws.team_id)
    assert _send(ws, view_submission(submitted, team_id=ws.team_id, user_id="UGIVER")).body == b""
    posts = ws.stack.slack.wait_for_calls("chat.postMessage", count=3)
    assert link in json.dumps(posts[0].params["blocks"])


def test_bare_command_opens_the_modal_for_that_channel(ws: Workspace) -> None:
    ws.command("", "bare", channel_id="CTEAM", trigger_id="123.456.bare")
    call = ws.stack.slack.wait_for_calls("views.open")[0]
    assert call.params["trigger_id"] == "123.456.bare"
    channel = next(b for b in call.params["view"]["blocks"] if b.get("block_id") == "channel")
    assert channel["element"]["initial_conversation"] == "CTEAM"


def test_submission_is_stored_announced_and_confirmed_by_dm(ws: Workspace) -> None:
    ws.open_home("UGIVER")  # gave from the Home tab
    ws.open_home("UANA")
    state = modal_state(["UANA", "UBEN"], "respect", MSG, channel_id="CTEAM")
    result = _submit(ws, state)
    assert (result.status, result.body) == (200, b"")
    posts = ws.stack.slack.wait_for_calls("chat.postMessage", count=4)
    assert sorted(p.params["channel"] for p in posts) == ["CTEAM", "UANA", "UBEN", "UGIVER"]
    confirmation = next(p for p in posts if p.params["channel"] == "UGIVER")
    assert confirmation.params["text"].startswith(":white_check_mark: Kudos sent")
    rows = ws.kudos()
    assert {(r.receiver_id, r.value, r.channel_id) for r in rows} == {
        ("UANA", "respect", "CTEAM"),
        ("UBEN", "respect", "CTEAM"),
    }
    ws.wait_for_home("UGIVER", MSG)
    ws.wait_for_home("UANA", MSG)
    assert ws.homes("UBEN") == []  # never opened Home: Slack asks for it when Ben does


def test_double_submit_stores_one_kudos(ws: Workspace) -> None:
    view = submitted_view(_open_modal(ws), modal_state(["UANA"], "empathy", MSG), "VTWICE")
    payload = view_submission(view, team_id=ws.team_id, user_id="UGIVER")
    assert _send(ws, payload).status == 200
    assert _send(ws, payload).status == 200
    ws.wait_for_log("duplicate delivery of request view:VTWICE:")
    ws.stack.slack.wait_for_delivered("chat.postMessage", count=2)  # the DM and the giver's
    assert len(ws.kudos()) == 1


@pytest.mark.parametrize(
    ("users", "value", "message", "field", "expected"),
    [
        ([], "respect", MSG, "recipients", "Pick at least one person"),
        (["UGIVER"], "respect", MSG, "recipients", "can't give them to yourself"),
        (["UBOT"], "respect", MSG, "recipients", "remove the bots"),
        (["UANA"], None, MSG, "value", "Pick the value"),
        (["UANA"], "respect", "thanks", "message", "at least 10 characters"),
        (["UANA"], "respect", "x" * 1001, "message", "the limit is 1000"),
    ],
)
def test_invalid_submission_gets_inline_errors_and_stores_nothing(
    *, ws: Workspace, users: list[str], value: str | None, message: str, field: str, expected: str
) -> None:
    result = _submit(ws, modal_state(users, value, message, channel_id="CTEAM"))
    assert result.status == 200
    answer = result.json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [field]
    assert expected in answer["errors"][field]
    ws.command("help", "after")  # a later request, so the submission's work is surely done
    ws.reply("after")
    assert ws.kudos() == []
    assert _posts(ws) == []


@pytest.mark.parametrize(
    ("user", "expected"), [("UHELPER", "is a bot"), ("UGONE", "no longer in this workspace")]
)
def test_people_slack_must_be_asked_about_are_refused_by_dm_after_the_ack(
    ws: Workspace, user: str, expected: str
) -> None:
    result = _submit(ws, modal_state([user], "respect", MSG, channel_id="CTEAM"))
    assert (result.status, result.body) == (200, b"")  # no Web API call before the ack
    (dm,) = ws.stack.slack.wait_for_delivered("chat.postMessage")
    assert dm.params["channel"] == "UGIVER"
    assert expected in dm.params["text"]
    assert ws.kudos() == []


def test_private_kudos_are_dmed_never_announced_and_off_the_board(ws: Workspace) -> None:
    _submit(ws, modal_state(["UANA"], "respect", MSG, channel_id="CTEAM", private=True))
    posts = ws.stack.slack.wait_for_calls("chat.postMessage", count=2)
    assert sorted(p.params["channel"] for p in posts) == ["UANA", "UGIVER"]
    dm = next(p for p in posts if p.params["channel"] == "UANA")
    assert "private kudos" in json.dumps(dm.params["blocks"])
    ws.command("top", "top")
    assert "<@UANA>" not in ws.reply("top")["text"]
    ws.command("me", "me", user_id="UANA")
    assert "You received 1 kudos from 1 person" in ws.reply("me")["text"]


def test_home_settings_keep_a_person_out_of_channels_and_leaderboards(ws: Workspace) -> None:
    chosen = [{"value": "no_public_announce"}, {"value": "off_leaderboards"}]
    action = {"action_id": "home_preferences", "block_id": "preferences", "type": "checkboxes"}
    payload = block_actions(
        [{**action, "selected_options": chosen}], team_id=ws.team_id, user_id="UANA"
    )
    assert _send(ws, payload).status == 200
    home = ws.stack.slack.wait_for_calls("views.publish")[0].params["view"]
    prefs = next(b for b in home["blocks"] if b.get("block_id") == "preferences")
    assert len(prefs["elements"][0]["initial_options"]) == 2
    ws.command(f"<@UANA> <@UBEN> #respect {MSG}", "give", channel_id="CTEAM")
    assert "asked not to be announced" in ws.reply("give")["text"]
    announcement = next(p for p in _posts(ws) if p["channel"] == "CTEAM")
    assert "<@UANA>" not in json.dumps(announcement)
    assert "UANA" in [p["channel"] for p in _posts(ws)]
    ws.command("top week", "top")
    board = ws.reply("top")["text"]
    assert "<@UBEN>" in board
    assert "<@UANA>" not in board
    ws.wait_for_home("UANA", MSG)  # changing settings on Home counts as looking at it


def test_app_home_shows_stats_leaderboard_values_and_a_give_button(ws: Workspace) -> None:
    ws.command(f"<@UANA> #empathy {MSG}", "give")
    ws.reply("give")
    view = ws.open_home("UANA")
    _within_block_kit_limits(view)
    text = json.dumps(view)
    for needle in ("home_give_kudos", "This week's leaderboard", "Our values", MSG, ":heart:"):
        assert needle in text
    button = block_actions(
        [{"action_id": "home_give_kudos", "block_id": "give", "type": "button"}],
        team_id=ws.team_id,
        user_id="UANA",
    )
    assert _send(ws, button).status == 200
    opened = ws.stack.slack.wait_for_calls("views.open")[0]
    assert opened.params["trigger_id"] == button["trigger_id"]


def test_leaderboard_rewards_breadth_not_trading(ws: Workspace) -> None:
    for i in range(3):
        ws.command(f"<@UFRIEND> #respect {MSG}", f"t{i}", user_id="UTRADER")
        ws.reply(f"t{i}")
    for giver in ("UA", "UB"):
        ws.command(f"<@UWIDE> #respect {MSG}", giver, user_id=giver)
        ws.reply(giver)
    ws.command("top month", "top")
    lines = ws.reply("top")["text"].splitlines()
    assert "<@UWIDE>" in lines[1]
    assert "<@UFRIEND>" in lines[2]
    ws.command("top decade", "bad")
    assert "Usage: `/kudos top`" in ws.reply("bad")["text"]


def test_daily_limit_refusal_says_when_it_resets(ws: Workspace) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command("limits daily 1", "plain", user_id="UPLAIN")
    assert "Only workspace admins" in ws.reply("plain")["text"]
    ws.command("limits daily 1", "set", user_id="UADMIN")
    assert "give 1 kudos a day" in ws.reply("set")["text"]
    ws.command(f"<@UANA> #respect {MSG}", "first", trigger_id="9.9.limit")
    assert ws.reply("first")["text"].startswith(":white_check_mark:")
    ws.command(f"<@UANA> #respect {MSG}", "retry", trigger_id="9.9.limit")
    ws.wait_for_log("duplicate delivery of request 9.9.limit")
    assert ws.stack.slack.responses("retry") == []  # a retry is not refused for the limit
    ws.command(f"<@UBEN> #respect {MSG}", "second")
    refusal = ws.reply("second")["text"]
    assert "resets at midnight your time (Europe/Berlin)" in refusal
    assert "<!date^" in refusal
    assert len(ws.kudos()) == 1


def test_fair_use_blocking_only_when_turned_on(ws: Workspace) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    for i in range(3):
        for giver, receiver in (("UA", "UB"), ("UB", "UA")):
            ws.command(f"<@{receiver}> #respect {MSG}", f"{giver}{i}", user_id=giver)
            assert ws.reply(f"{giver}{i}")["text"].startswith(":white_check_mark:")
    ws.command("limits blocking on", "on", user_id="UADMIN")
    assert "are refused" in ws.reply("on")["text"]
    ws.command(f"<@UB> #respect {MSG}", "blocked", user_id="UA")
    assert "traded many kudos" in ws.reply("blocked")["text"]
    ws.command(f"<@UC> #respect {MSG}", "other", user_id="UA")
    assert ws.reply("other")["text"].startswith(":white_check_mark:")


def test_a_slow_users_info_never_delays_the_ack_past_its_budget(ws: Workspace) -> None:
    release = threading.Event()

    def slow_bot(params: dict[str, Any]) -> dict[str, Any]:
        release.wait(timeout=20)
        return {"ok": True, "user": {"id": params["user"], "is_bot": True, "deleted": False}}

    view = _open_modal(ws)
    ws.stack.slack.set_answer("users.info", slow_bot)
    try:
        state = modal_state(["USLOWBOT"], "respect", MSG, channel_id="CTEAM")
        submitted = submitted_view(view, state, "VSLOW" + ws.team_id)
        result = _send(ws, view_submission(submitted, team_id=ws.team_id, user_id="UGIVER"))
        assert (result.status, result.body) == (200, b"")  # acked while users.info hangs
        release.set()
        dm = ws.stack.slack.wait_for_calls("chat.postMessage")[0].params
    finally:
        release.set()
        ws.stack.slack.clear_answer("users.info")
    assert dm["channel"] == "UGIVER"
    assert "is a bot" in dm["text"]
    assert ws.kudos() == []


def test_kudos_stuck_on_slack_never_keep_a_modal_from_opening(ws: Workspace) -> None:
    release = threading.Event()

    def slow_for_some(params: dict[str, Any]) -> dict[str, Any]:
        if str(params.get("user", "")).startswith("USTUCK"):
            release.wait(timeout=20)
        return ws.stack.slack.builtin_answer("users.info", params)

    ws.stack.slack.set_answer("users.info", slow_for_some)
    try:
        for index in range(6):  # more than every giving thread can take at once
            ws.command(
                f"<@USTUCK{index}> #respect {MSG}",
                f"stuck{index}",
                user_id=f"UG{index}",
                channel_id=f"CSTUCK{index}",  # one channel each: no pacing between them
            )
        view = _open_modal(ws)  # views.open must beat the trigger_id's 3 s expiry
        assert view["callback_id"] == "give_kudos_modal"
        assert ws.kudos() == []  # the kudos were indeed still stuck
        release.set()
        for index in range(6):
            assert ws.reply(f"stuck{index}")["text"].startswith(":white_check_mark:")
    finally:
        release.set()
        ws.stack.slack.clear_answer("users.info")
