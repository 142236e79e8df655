"""End to end: giving by reaction, with Slack's `reaction_added` / `reaction_removed` payloads."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import col, select

from bot.domain.value_admin import NewValue, Outcome
from storage.kudos_repo import add_kudos
from storage.models import Kudos, Task
from storage.values_admin_repo import add_value, retire_value
from storage.values_repo import ensure_workspace, list_values
from tests.support.e2e import Workspace, wait_until
from tests.support.interactions import modal_state, submitted_view, view_submission
from tests.support.live_server import SIGNING_SECRET
from tests.support.malformed import logged_meanwhile
from tests.support.slack_requests import SlackSender, new_event_id

CHANNEL = "CTEAM"
# As Slack stores a message: `&` escaped, a link as a token.
TEXT = "Fixed the flaky deploy &amp; wrote down how, so the next one is <https://x.example|easy>"
UNFINISHED = ("queued", "running", "waiting")


def _event(
    kind: str,
    *,
    user: str,
    author: str | None,
    ts: str,
    reaction: str,
    at: float | None = None,
    channel: str = CHANNEL,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": kind,
        "user": user,
        "reaction": reaction,
        "item": {"type": "message", "channel": channel, "ts": ts},
        "event_ts": f"{at if at is not None else time.time():.6f}",
    }
    if author is not None:
        event["item_user"] = author
    return event


def _send(
    ws: Workspace, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None
) -> str:
    event_id = event_id or new_event_id()
    sender = SlackSender(ws.stack.server.events_url, SIGNING_SECRET)
    reason = "http_timeout" if retry else None
    result = sender.event(
        event, team_id=ws.team_id, event_id=event_id, retry_num=retry, retry_reason=reason
    )
    assert result.status == 200
    return event_id


def _react(
    ws: Workspace,
    ts: str,
    reaction: str = "gem",
    *,
    user: str = "UBEN",
    author: str | None = "UANA",
    **kw: Any,
) -> str:
    return _send(
        ws, _event("reaction_added", user=user, author=author, ts=ts, reaction=reaction, **kw)
    )


def _unreact(ws: Workspace, ts: str, reaction: str = "gem", *, at: float | None = None) -> None:
    _send(
        ws, _event("reaction_removed", user="UBEN", author="UANA", ts=ts, reaction=reaction, at=at)
    )


def _settled(ws: Workspace) -> None:
    """Wait until every task of the workspace has ended."""

    def none_left() -> bool:
        with ws.stack.database.transaction() as session:
            query = select(Task.id).where(
                Task.team_id == ws.team_id, col(Task.status).in_(UNFINISHED)
            )
            return session.exec(query).first() is None

    time.sleep(0.1)
    wait_until(none_left, "every task ended", timeout=10)


def _posts(ws: Workspace, channel: str) -> list[dict[str, Any]]:
    return [
        c.params
        for c in ws.stack.slack.delivered("chat.postMessage")
        if c.params.get("channel") == channel
    ]


def _links(ws: Workspace) -> list[str | None]:
    with ws.stack.database.transaction() as session:
        return list(
            session.exec(select(Kudos.source_link).where(Kudos.team_id == ws.team_id)).all()
        )


def _message(ws: Workspace, ts: str, author: str = "UANA", text: str = TEXT, **kw: Any) -> str:
    ws.stack.slack.messages.add(CHANNEL, ts, author, text, **kw)
    return ts


def test_a_value_emoji_gives_the_author_kudos_once_with_link_and_excerpt(ws: Workspace) -> None:
    ts = _message(ws, "1700000100.000200")
    event_id = _react(ws, ts)
    wait_until(lambda: len(ws.kudos()) == 1, "a kudos stored")
    _send(
        ws,
        _event("reaction_added", user="UBEN", author="UANA", ts=ts, reaction="gem"),
        event_id=event_id,
        retry=1,
    )
    _react(ws, ts)  # the same reaction delivered again under another event id
    _react(ws, ts, "gem::skin-tone-3")  # a skin tone is the same emoji
    _settled(ws)
    (kudos,) = ws.kudos()
    assert (kudos.giver_id, kudos.receiver_id, kudos.value) == (
        "UBEN",
        "UANA",
        "operate-with-excellence",
    )
    assert kudos.message.startswith("Fixed the flaky deploy &amp; wrote down how")
    assert "|easy>" not in kudos.message  # a labelled link loses its label, as everywhere
    assert _links(ws) == [f"https://example.slack.com/archives/{CHANNEL}/p1700000100000200"]
    (announcement,) = _posts(ws, CHANNEL)
    assert "<@UBEN> recognised <@UANA>" in json.dumps(announcement["blocks"])
    (confirmation,) = _posts(ws, "UBEN")
    assert "reaction_add_words" in json.dumps(confirmation["blocks"])
    assert "response_url" not in json.dumps(ws.stack.slack.responses())


def test_a_thread_reply_is_read_with_replies_and_an_unreadable_channel_gives_without_excerpt(
    ws: Workspace,
) -> None:
    _message(ws, "1700000100.000100", author="UCARL", text="parent")
    reply = _message(
        ws, "1700000100.000300", text="I paired with Carl all day", thread_ts="1700000100.000100"
    )
    _react(ws, reply)
    wait_until(lambda: len(ws.kudos()) == 1, "a kudos stored")
    assert ws.kudos()[0].message == "I paired with Carl all day"
    assert ws.stack.slack.calls_to("conversations.replies")
    ws.stack.slack.messages.unreadable(CHANNEL, "missing_scope")
    _react(ws, _message(ws, "1700000100.000400"), "zap")
    wait_until(lambda: len(ws.kudos()) == 2, "a second kudos stored")
    assert ws.kudos()[1].message == "Reacted with :zap: to their message."
    _settled(ws)  # nothing of this test lands in the next one's fake Slack


def test_nothing_is_given_for_own_bot_app_unknown_emoji_or_unseen_messages(ws: Workspace) -> None:
    ts = _message(ws, "1700000200.000100")
    _react(ws, ts, user="UANA")  # her own message
    _react(ws, _message(ws, "1700000200.000200", author="UHELPER"), author="UHELPER")  # a bot
    _react(ws, _message(ws, "1700000200.000300", author="UBOT"), author="UBOT")  # the app itself
    _react(ws, ts, author=None)  # a bot message without a user
    _react(ws, ts, "thumbsup")  # no value's emoji
    _react(ws, "1700000200.000400", channel="DANABEN")  # a DM
    ws.stack.slack.messages.hide("CSECRET")
    _react(ws, "1700000200.000500", channel="CSECRET")  # a channel the app cannot see
    ws.stack.slack.add_user("UROBOT", is_bot=True)
    ws.stack.slack.add_user("UGONE", deleted=True)
    _react(ws, _message(ws, "1700000200.000600"), user="UROBOT")  # an app's reaction
    _react(ws, _message(ws, "1700000200.000700"), user="UGONE")  # a deactivated account's
    _settled(ws)
    assert ws.kudos() == []
    assert ws.stack.slack.calls_to("chat.postMessage") == []  # and nobody is told anything
    assert "ERROR" not in ws.log()


def test_removing_the_reaction_within_ten_minutes_withdraws_kudos_and_announcement(
    ws: Workspace,
) -> None:
    ts = _message(ws, "1700000300.000100")
    _react(ws, ts)
    wait_until(lambda: len(_posts(ws, CHANNEL)) == 1, "announced")
    _unreact(ws, ts)
    wait_until(lambda: ws.kudos() == [], "the kudos withdrawn")
    deleted = ws.stack.slack.wait_for_delivered("chat.delete", count=2)
    assert {d.params["channel"] for d in deleted} == {CHANNEL, "UANA"}  # announcement and DM
    assert all(
        ws.stack.slack.messages.get(d.params["channel"], d.params["ts"]) is None for d in deleted
    )
    _settled(ws)
    assert any("was withdrawn" in p["text"] for p in _posts(ws, "UBEN"))


@pytest.mark.parametrize("emoji_taken", [False, True], ids=["retired", "emoji-taken-since"])
def test_a_kudos_whose_value_was_retired_meanwhile_is_still_withdrawn(
    ws: Workspace, emoji_taken: bool
) -> None:
    """Also when another value has taken the retired value's emoji since."""
    ts = _message(ws, "1700000350.000100")
    _react(ws, ts)
    wait_until(lambda: len(ws.kudos()) == 1, "given")
    _settled(ws)
    with ws.stack.database.transaction() as session:
        [slug] = {r.value for r in ws.kudos()}
        retire_value(session=session, team_id=ws.team_id, typed=slug, now=datetime.now(UTC))
        if emoji_taken:
            new = NewValue(name="Polish", slug="polish", emoji=":gem:", description="Shine.")
            assert add_value(session=session, team_id=ws.team_id, new=new).outcome is Outcome.ADDED
    _unreact(ws, ts)
    wait_until(lambda: ws.kudos() == [], "the kudos withdrawn")
    _settled(ws)


def test_a_removal_processed_before_its_give_leaves_nothing(ws: Workspace) -> None:
    ts, now = _message(ws, "1700000400.000100"), time.time()
    _unreact(ws, ts, at=now + 1)  # Slack's delivery order is not guaranteed
    _react(ws, ts, at=now)
    _settled(ws)
    assert ws.kudos() == []
    _react(ws, ts, at=now + 5)  # added again later: that one gives
    wait_until(lambda: len(ws.kudos()) == 1, "the later reaction gives")
    _settled(ws)


def test_removing_it_later_keeps_the_kudos(ws: Workspace) -> None:
    ts = _message(ws, "1700000500.000100")
    _react(ws, ts)
    wait_until(lambda: len(_posts(ws, CHANNEL)) == 1, "announced")
    _unreact(ws, ts, at=time.time() + 11 * 60)
    _settled(ws)
    assert len(ws.kudos()) == 1
    assert ws.stack.slack.calls_to("chat.delete") == []


def test_admins_turn_reaction_giving_off_and_on(ws: Workspace) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command("reactions off", "plain", user_id="UPLAIN")
    assert "Only workspace admins" in ws.reply("plain")["text"]
    ws.command("reactions off", "off", user_id="UADMIN")
    assert "are off" in ws.reply("off")["text"]
    _react(ws, _message(ws, "1700000600.000100"))
    _settled(ws)
    assert ws.kudos() == []
    ws.command("reactions on", "on", user_id="UADMIN")
    assert "are on" in ws.reply("on")["text"]
    _react(ws, _message(ws, "1700000600.000200"))
    wait_until(lambda: len(ws.kudos()) == 1, "giving by reaction is back")
    _settled(ws)
    ws.command("help", "help")
    assert "By reaction" in ws.reply("help")["text"]


def test_past_the_daily_limit_the_giver_is_told_once(ws: Workspace) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command("limits daily 1", "set", user_id="UADMIN")
    ws.reply("set")
    for index in range(1, 4):
        _react(ws, _message(ws, f"1700000700.00010{index}"))
        _settled(ws)
    assert len(ws.kudos()) == 1
    refusals = [p for p in _posts(ws, "UBEN") if "Nothing was saved" in p["text"]]
    assert len(refusals) == 1


def test_another_reason_to_refuse_the_same_day_is_told_too(ws: Workspace) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    for name, setting in (("daily", "limits daily 4"), ("blocking", "limits blocking on")):
        ws.command(setting, name, user_id="UADMIN")
        ws.reply(name)
    now = datetime.now(UTC)
    with ws.stack.database.transaction() as session:  # UBEN and UANA: three kudos each way
        ensure_workspace(session=session, team_id=ws.team_id, now=now)
        value_id = list_values(session=session, team_id=ws.team_id)[0].id or 0
        for n in range(6):
            giver, receiver = ("UBEN", "UANA") if n % 2 else ("UANA", "UBEN")
            add_kudos(
                session=session,
                team_id=ws.team_id,
                giver_id=giver,
                receiver_ids=[receiver],
                value_id=value_id,
                message="covered the late shift",
                channel_id=CHANNEL,
                request_key=f"seed-{ws.team_id}-{n}",
                created_at=now,
            )
    _react(ws, _message(ws, "1700000800.000100"))  # to UANA again: refused, fair use
    _settled(ws)
    for n, author in enumerate(("UCAM", "UDAN")):  # UCAM is the 4th of the day; UDAN over
        _react(ws, _message(ws, f"1700000800.00020{n}", author=author), author=author)
        _settled(ws)
    assert sorted(k.receiver_id for k in ws.kudos() if k.giver_id == "UBEN") == [
        "UANA",
        "UANA",
        "UANA",
        "UCAM",
    ]
    told = [p["text"] for p in _posts(ws, "UBEN") if "Nothing was saved" in p["text"]]
    assert len(told) == 2  # the fair-use refusal did not silence the daily limit's


def test_a_kudos_withdrawn_before_its_confirmation_is_not_confirmed(ws: Workspace) -> None:
    ws.stack.slack.rate_limit(
        "chat.postMessage", retry_after=3, when=lambda p: p.get("channel") == CHANNEL
    )
    ts = _message(ws, "1700000900.000100")
    _react(ws, ts)
    wait_until(lambda: len(ws.kudos()) == 1, "stored")
    _unreact(ws, ts)  # while the announcement waits out Slack's Retry-After
    wait_until(lambda: ws.kudos() == [], "withdrawn")
    _settled(ws)
    assert not any("Kudos sent" in p["text"] for p in _posts(ws, "UBEN"))


def _button(ws: Workspace, action_id: str) -> dict[str, Any]:
    for post in reversed(_posts(ws, "UBEN")):
        for block in post.get("blocks") or []:
            for element in block.get("elements", []):
                if element.get("action_id") == action_id:
                    return dict(element)
    raise AssertionError(f"no {action_id} button in the giver's DMs")


def _click_only(ws: Workspace, button: dict[str, Any], **extra: Any) -> None:
    payload = {
        "type": "block_actions",
        "team": {"id": ws.team_id, "domain": "example"},
        "user": {"id": "UBEN", "username": "uben", "name": "uben", "team_id": ws.team_id},
        "api_app_id": "A0TEST",
        "token": "legacy",
        "container": {
            "type": "message",
            "message_ts": "1.2",
            "channel_id": "DBEN",
            "is_ephemeral": False,
        },
        "trigger_id": f"{time.time_ns()}.1.{ws.team_id}",
        "channel": {"id": "DBEN", "name": "directmessage"},
        "message": {"type": "message", "ts": "1.2", "text": ""},
        "actions": [
            {**button, "block_id": "b", "type": "button", "action_ts": f"{time.time():.6f}"}
        ],
        "is_enterprise_install": False,
        **extra,
    }
    assert (
        SlackSender(ws.stack.server.events_url, SIGNING_SECRET).interaction(payload).status == 200
    )


def _click(ws: Workspace, button: dict[str, Any]) -> dict[str, Any]:
    before = len(ws.stack.slack.calls_to("views.open"))
    _click_only(ws, button)
    view: dict[str, Any] = ws.stack.slack.wait_for_calls("views.open", count=before + 1)[-1].params[
        "view"
    ]
    return view


def _words_form(ws: Workspace, ts: str) -> dict[str, Any]:
    """React with a value's emoji to a new message; the form its "Add a few words" opens."""
    _react(ws, _message(ws, ts), "handshake")
    wait_until(lambda: len(_posts(ws, "UBEN")) == 1, "the giver's confirmation")
    return _click(ws, _button(ws, "reaction_add_words"))


def _submit_words(ws: Workspace, view: dict[str, Any], words: str, view_id: str) -> None:
    state = modal_state(["UANA"], "respect", words, channel_id=CHANNEL)
    submitted = submitted_view(view, state, view_id + ws.team_id)
    sender = SlackSender(ws.stack.server.events_url, SIGNING_SECRET)
    payload = view_submission(submitted, team_id=ws.team_id, user_id="UBEN")
    assert sender.interaction(payload).status == 200


def test_adding_a_few_words_updates_that_kudos_and_its_announcement(ws: Workspace) -> None:
    view = _words_form(ws, "1700000800.000100")
    value = next(b for b in view["blocks"] if b.get("block_id") == "value")
    assert value["element"]["initial_option"]["value"] == "respect"
    words = "thank you for writing it all down for the next person"
    _submit_words(ws, view, words, "VWORDS")
    updates = ws.stack.slack.wait_for_delivered("chat.update", count=2)
    assert {u.params["channel"] for u in updates} == {CHANNEL, "UANA"}  # announcement and DM
    for update in updates:
        assert words in json.dumps(
            ws.stack.slack.messages.get(update.params["channel"], update.params["ts"])
        )
    _settled(ws)
    (kudos,) = ws.kudos()  # the same kudos, not a second one
    assert kudos.message == words
    assert any("now says what you wrote" in p["text"] for p in _posts(ws, "UBEN"))
    assert not any("Only your words changed" in p["text"] for p in _posts(ws, "UBEN"))


def test_words_slack_will_not_show_are_kept_and_the_giver_told(ws: Workspace) -> None:
    view = _words_form(ws, "1700000800.000300")
    ws.stack.slack.fail("chat.update", "invalid_blocks", times=None)  # permanent: no retry
    words = "for the runbook you left behind"
    _submit_words(ws, view, words, "VWORDSX")
    wait_until(
        lambda: any("saved with the kudos" in p["text"] for p in _posts(ws, "UBEN")),
        "the giver told the posts still show the old words",
    )
    _settled(ws)
    (kudos,) = ws.kudos()
    assert kudos.message == words
    assert not any("now says what you wrote" in p["text"] for p in _posts(ws, "UBEN"))


def test_words_some_posts_will_not_take_are_named_in_the_answer(ws: Workspace) -> None:
    view = _words_form(ws, "1700000800.000500")
    refused = "cant_update_message"  # the announcement only; the DM is changed
    ws.stack.slack.fail("chat.update", refused, times=1, when=lambda p: p["channel"] == CHANNEL)
    words = "for walking the new hire through the release"
    _submit_words(ws, view, words, "VWORDSS")
    wait_until(
        lambda: any("now says what you wrote" in p["text"] for p in _posts(ws, "UBEN")),
        "the giver's answer",
    )
    answer = next(p["text"] for p in _posts(ws, "UBEN") if "now says" in p["text"])
    assert "Some of its posts in Slack keep the old words" in answer
    assert ws.kudos()[0].message == words


def test_words_for_a_kudos_whose_posts_are_gone_say_so(ws: Workspace) -> None:
    view = _words_form(ws, "1700000800.000400")
    _settled(ws)
    with ws.stack.database.transaction() as session:  # as the purge of tasks after 7 days
        for task in session.exec(select(Task).where(Task.team_id == ws.team_id)).all():
            if task.key.startswith(("announce:", "dm:")):
                session.delete(task)
    updates = len(ws.stack.slack.calls_to("chat.update"))
    words = "for staying late to fix the printer"
    _submit_words(ws, view, words, "VWORDSG")
    wait_until(
        lambda: any("keep the old words" in p["text"] for p in _posts(ws, "UBEN")),
        "the giver told only the stored kudos changed",
    )
    assert ws.kudos()[0].message == words
    assert len(ws.stack.slack.calls_to("chat.update")) == updates


def test_words_for_a_withdrawn_kudos_change_nothing(ws: Workspace) -> None:
    ts = _message(ws, "1700000800.000200")
    _react(ws, ts, "handshake")
    wait_until(lambda: len(_posts(ws, "UBEN")) == 1, "the giver's confirmation")
    button = _button(ws, "reaction_add_words")
    _unreact(ws, ts, "handshake")
    wait_until(lambda: ws.kudos() == [], "the kudos withdrawn")
    _settled(ws)
    before = len(ws.stack.slack.calls_to("views.open"))
    payload_button = {**button}
    _click_only(ws, payload_button)
    wait_until(
        lambda: any("was withdrawn, so there is nothing" in p["text"] for p in _posts(ws, "UBEN")),
        "told it is gone",
    )
    assert len(ws.stack.slack.calls_to("views.open")) == before


def test_a_click_that_comes_too_late_for_its_trigger_is_told_so(ws: Workspace) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command("reactions emoji :sparkles:", "set", user_id="UADMIN")
    assert ":sparkles:" in ws.reply("set")["text"]
    _react(ws, _message(ws, "1700000900.000300"), "handshake")
    _react(ws, _message(ws, "1700000900.000400"), "sparkles")
    wait_until(lambda: len(_posts(ws, "UBEN")) == 2, "the giver's DMs")
    ws.stack.slack.fail("views.open", "expired_trigger_id", times=2)
    url = ws.stack.slack.response_url("late-words")
    _click_only(ws, _button(ws, "reaction_add_words"), response_url=url)
    (told,) = ws.stack.slack.wait_for_responses("late-words")
    assert "took too long to open the form" in json.dumps(told.body)
    _click_only(ws, _button(ws, "reaction_open_form"))  # no response_url: told by DM
    wait_until(lambda: any("took too long" in p["text"] for p in _posts(ws, "UBEN")), "told by DM")


def test_the_any_value_emoji_sends_a_button_that_opens_the_form(ws: Workspace) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command("reactions emoji :sparkles:", "set", user_id="UADMIN")
    assert ":sparkles:" in ws.reply("set")["text"]
    _react(ws, _message(ws, "1700000900.000100"), "sparkles")
    wait_until(lambda: len(_posts(ws, "UBEN")) == 1, "the giver's DM")
    view = _click(ws, _button(ws, "reaction_open_form"))
    people = next(b for b in view["blocks"] if b.get("block_id") == "recipients")
    assert people["element"]["initial_users"] == ["UANA"]
    assert f"archives/{CHANNEL}/p1700000900000100" in json.dumps(view["blocks"])
    assert ws.kudos() == []
    ws.command("reactions emoji off", "unset", user_id="UADMIN")
    assert "Reacting with" not in ws.reply("unset")["text"]


def test_a_values_emoji_cannot_be_the_any_value_emoji(ws: Workspace) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command("reactions emoji :gem:", "clash", user_id="UADMIN")
    text = ws.reply("clash")["text"]
    assert ":gem: already gives kudos for" in text and "Pick an emoji no value uses" in text
    ws.command("reactions", "shown", user_id="UADMIN")
    assert "Reacting with :gem:" not in ws.reply("shown")["text"]  # nothing was saved


def test_turning_reactions_off_is_not_refused_for_an_emoji_a_value_took_since(
    ws: Workspace,
) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command("reactions emoji :sparkles:", "set", user_id="UADMIN")
    assert ":sparkles:" in ws.reply("set")["text"]
    ws.command("values add Curiosity :sparkles:", "added", user_id="UADMIN")
    ws.reply("added")
    ws.command("reactions off", "off", user_id="UADMIN")
    assert ws.reply("off")["text"].startswith(":white_check_mark: Saved.")


def _bad(path: str, value: object) -> dict[str, Any]:
    event = _event("reaction_added", user="UBEN", author="UANA", ts="1.2", reaction="gem")
    node: Any = event
    *parents, last = path.split(".")
    for key in parents:
        node = node[key]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return event


@pytest.mark.parametrize(
    ("event", "warning"),
    [
        pytest.param(_bad("user", None), "event.user", id="no-user"),
        pytest.param(_bad("user", "not an id"), "event.user", id="user-not-id"),
        pytest.param(_bad("item.channel", None), "event.item.channel", id="no-channel"),
        pytest.param(_bad("item.ts", 1.2), "event.item.ts", id="ts-number"),
        pytest.param(_bad("reaction", "<!channel>"), "event.reaction", id="reaction-not-emoji"),
        pytest.param(_bad("item_user", "not an id"), "item_user", id="author-not-id"),
    ],
)
def test_a_malformed_reaction_is_acked_quietly_and_gives_nothing(
    ws: Workspace, event: dict[str, Any], warning: str
) -> None:
    with logged_meanwhile(ws.stack.server) as log:
        _send(ws, event)
        ws.command("help", "after")  # a later request: the malformed one was done by then
        ws.reply("after")
    (line,) = log.at("WARNING")
    assert "malformed reaction_added request ignored" in line
    assert warning in line
    assert log.at("ERROR") == []
    _settled(ws)
    assert ws.kudos() == []


def test_a_forged_button_value_opens_nothing(ws: Workspace) -> None:
    forged = {"action_id": "reaction_open_form", "value": json.dumps({"author": "UANA"})}
    with logged_meanwhile(ws.stack.server) as log:
        _click_only(ws, forged)
        ws.command("help", "after")
        ws.reply("after")
    (line,) = log.at("WARNING")
    assert "actions[0].value is not what the app wrote" in line
    assert ws.stack.slack.calls_to("views.open") == []
