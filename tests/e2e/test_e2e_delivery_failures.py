"""End to end: Slack failing one step of a kudos at a time. Transient failures are retried and
nothing is lost or doubled; a 429 holds back only its channel; permanent errors are not retried
and the giver is told; an expired response_url falls back to a DM."""

from __future__ import annotations

import pytest

from tests.support.delivery_checks import MSG, attempts, posts, task_rows, wait_drained
from tests.support.e2e import Stack, Workspace, wait_until


@pytest.fixture
def stack(module_stack: Stack) -> Stack:
    """A server of this module's own: its tests leave posts held for minutes (Retry-After)."""
    return module_stack


NOT_OUT_YET = "is not out yet (Slack is busy)"
TIMEOUT = 10.0  # a normal bounded wait: far below a 300 s Retry-After


def _give(ws: Workspace, tag: str, *, channel: str) -> tuple[str, str, str]:
    """Give kudos from UG<tag> to UR<tag> in `channel`, answered on response_url `tag`."""
    giver, receiver = f"UG{tag}", f"UR{tag}"
    result = ws.command(f"<@{receiver}> #empathy {MSG}", tag, user_id=giver, channel_id=channel)
    assert result.status == 200
    return giver, receiver, tag


def _confirmation(ws: Workspace, name: str) -> str:
    (response,) = ws.stack.slack.wait_for_responses(name, timeout=TIMEOUT)
    assert response.ok
    text = str(response.body["text"])
    assert text.startswith(":white_check_mark: Kudos sent to"), text
    return text


def _settle(ws: Workspace) -> None:
    wait_drained(ws.stack.database, ws.team_id, timeout=TIMEOUT)


def _one_task(ws: Workspace, kind: str) -> dict[str, object]:
    (task,) = task_rows(ws.stack.database, ws.team_id, kind)
    return task


def test_http_500_on_the_announcement_is_retried_and_nothing_is_lost_or_doubled(
    ws: Workspace,
) -> None:
    slack = ws.stack.slack
    slack.http_error("chat.postMessage", 500, times=1, when=lambda p: p["channel"] == "C500")
    giver, receiver, name = _give(ws, "H500", channel="C500")
    text = _confirmation(ws, name)
    _settle(ws)
    assert NOT_OUT_YET not in text  # the retry (after about 1 s) came before the confirmation
    assert [c.ok for c in attempts(slack, "C500")] == [False, True]
    assert len(posts(slack, receiver)) == 1
    assert posts(slack, giver) == []
    assert len(slack.responses(name)) == 1
    assert len(ws.kudos()) == 1
    announce = _one_task(ws, "announce")
    assert (announce["status"], announce["attempts"]) == ("done", 2)


def test_a_connection_reset_on_a_dm_is_retried_and_the_dm_sent_once(ws: Workspace) -> None:
    slack = ws.stack.slack
    slack.reset_connection("chat.postMessage", times=1, when=lambda p: p["channel"] == "URRST")
    _, receiver, name = _give(ws, "RST", channel="CRST")
    text = _confirmation(ws, name)
    _settle(ws)
    assert "on their way" not in text
    assert [c.ok for c in attempts(slack, receiver)] == [False, True]
    assert len(posts(slack, "CRST")) == 1
    assert len(slack.responses(name)) == 1
    assert len(ws.kudos()) == 1
    dm = _one_task(ws, "dm")
    assert (dm["status"], dm["attempts"]) == ("done", 2)


def test_a_429_holds_back_only_its_channel(ws: Workspace) -> None:
    slack = ws.stack.slack
    slack.rate_limit(
        "chat.postMessage", retry_after=300, times=None, when=lambda p: p["channel"] == "C429"
    )
    _, receiver, name = _give(ws, "RL1", channel="C429")
    text = _confirmation(ws, name)  # well before the 300 s are up
    assert f"The announcement in <#C429> {NOT_OUT_YET}" in text
    assert len(posts(slack, receiver)) == 1  # the DM went out: another channel

    _, other_receiver, other = _give(ws, "RL2", channel="COK")
    wait_until(lambda: len(posts(slack, "COK")) == 1, "the other channel's announcement", TIMEOUT)
    assert NOT_OUT_YET not in _confirmation(ws, other)
    assert len(posts(slack, other_receiver)) == 1

    _, _, again = _give(ws, "RL3", channel="C429")  # the channel is still held
    assert f"The announcement in <#C429> {NOT_OUT_YET}" in _confirmation(ws, again)
    assert len(attempts(slack, "C429")) == 1  # held in the app: Slack was not asked again
    assert [c.ok for c in attempts(slack, "C429")] == [False]
    assert len(ws.kudos()) == 3


@pytest.mark.parametrize("code", ["channel_not_found", "not_in_channel"])
def test_a_channel_the_app_cannot_post_in_is_tried_once(ws: Workspace, code: str) -> None:
    slack = ws.stack.slack
    slack.fail("chat.postMessage", code, times=None, when=lambda p: p["channel"] == "CNOPE")
    _, receiver, name = _give(ws, "NOPE", channel="CNOPE")
    text = _confirmation(ws, name)
    _settle(ws)
    assert f"I couldn't announce it in this channel (`{code}`)" in text
    assert len(attempts(slack, "CNOPE")) == 1
    assert len(posts(slack, receiver)) == 1
    assert len(slack.responses(name)) == 1  # no follow-up notice either
    assert len(ws.kudos()) == 1
    announce = _one_task(ws, "announce")
    assert (announce["status"], announce["attempts"]) == ("done", 1)


def test_a_dm_to_a_user_slack_does_not_know_is_tried_once(ws: Workspace) -> None:
    slack = ws.stack.slack
    slack.fail("chat.postMessage", "user_not_found", when=lambda p: p["channel"] == "URLOST")
    _, receiver, name = _give(ws, "LOST", channel="CLOST")
    text = _confirmation(ws, name)
    _settle(ws)
    assert f"I couldn't send a direct message to <@{receiver}>." in text
    assert len(attempts(slack, receiver)) == 1
    assert len(posts(slack, "CLOST")) == 1
    assert len(slack.responses(name)) == 1
    assert len(ws.kudos()) == 1
    dm = _one_task(ws, "dm")
    assert (dm["status"], dm["attempts"]) == ("done", 1)


def test_invalid_auth_before_storing_stores_nothing_and_tells_the_giver(ws: Workspace) -> None:
    slack = ws.stack.slack
    slack.fail("users.info", "invalid_auth", times=None)
    _, _, name = _give(ws, "AUTH", channel="CAUTH")
    (response,) = slack.wait_for_responses(name, timeout=TIMEOUT)
    _settle(ws)
    text = str(response.body["text"])
    assert response.body["response_type"] == "ephemeral"
    assert "Something went wrong on our side (reference `t" in text
    reference = text.split("`")[1]
    command = _one_task(ws, "command")
    assert reference == f"t{command['id']}"
    assert (command["status"], command["attempts"], command["error"]) == (
        "failed",
        1,
        "invalid_auth",
    )
    assert len(slack.calls_to("users.info")) == 1  # not retried
    assert slack.calls_to("chat.postMessage") == []
    assert ws.kudos() == []


def test_an_expired_response_url_falls_back_to_a_dm_to_the_giver(ws: Workspace) -> None:
    slack = ws.stack.slack
    slack.expire_response_url("EXP")
    giver, receiver, name = _give(ws, "EXP", channel="CEXP")
    wait_until(lambda: posts(slack, giver) != [], "the confirmation DM'd to the giver", TIMEOUT)
    _settle(ws)
    (dm,) = posts(slack, giver)
    assert str(dm.params["text"]).startswith(f":white_check_mark: Kudos sent to <@{receiver}>")
    assert [r.ok for r in slack.responses(name)] == [False]  # tried once, Slack said 404
    assert len(posts(slack, "CEXP")) == 1
    assert len(posts(slack, receiver)) == 1
    assert _one_task(ws, "confirm")["outcome"] == '{"via":"dm"}'


def test_an_announcement_that_fails_after_the_confirmation_is_reported_once(
    ws: Workspace,
) -> None:
    slack = ws.stack.slack
    late = "CLATE"
    slack.rate_limit("chat.postMessage", retry_after=6, when=lambda p: p["channel"] == late)
    slack.fail("chat.postMessage", "invalid_blocks", when=lambda p: p["channel"] == late)
    _, _, name = _give(ws, "LATE", channel=late)
    first, notice = slack.wait_for_responses(name, count=2, timeout=20)
    _settle(ws)
    assert f"The announcement in <#{late}> {NOT_OUT_YET}" in first.body["text"]
    assert str(notice.body["text"]).startswith(
        f":warning: I tried for a while but couldn't announce your kudos in <#{late}> "
        "(`invalid_blocks`)."
    )
    assert len(slack.responses(name)) == 2
    assert [c.ok for c in attempts(slack, late)] == [False, False]
    assert len(ws.kudos()) == 1
