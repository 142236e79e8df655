"""End to end: the "Give kudos" Workflow Builder step, as Slack runs it (a `function_executed`
event with the step's inputs and its own short-lived token), against the real server."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from tests.support.e2e import Workspace, wait_until
from tests.support.live_server import BOT_TOKEN, SIGNING_SECRET
from tests.support.slack_requests import SlackHttpResult, SlackSender, new_event_id

MSG = "stayed on after the outage to call back every customer"
INPUTS: dict[str, Any] = {
    "giver": "UGIVER",
    "recipients": ["UANA", "UBEN"],
    "value": "respect",
    "message": MSG,
    "channel": "CTEAM",
}


@dataclass
class Run:
    """One run of the step: what Slack sends, and the fake Slack's side of it."""

    ws: Workspace
    execution_id: str
    token: str
    event_id: str

    def send(self, inputs: dict[str, Any], **kw: Any) -> SlackHttpResult:
        """Deliver the run's `function_executed` event (again, for a retry)."""
        sender = SlackSender(self.ws.stack.server.events_url, SIGNING_SECRET)
        return sender.event(
            _function_executed(inputs, self.execution_id, self.token),
            team_id=self.ws.team_id,
            event_id=self.event_id,
            **kw,
        )

    def completion(self, method: str) -> dict[str, Any]:
        """The single completion of this run (completeSuccess or completeError)."""
        slack = self.ws.stack.slack
        slack.wait_for_calls(method, timeout=10.0)
        [call] = slack.calls_to(method)
        assert call.token == self.token
        assert call.params["function_execution_id"] == self.execution_id
        return call.params


def _function_executed(inputs: dict[str, Any], execution_id: str, token: str) -> dict[str, Any]:
    """Slack's `function_executed` event for the step (the shape its Events API sends)."""
    return {
        "type": "function_executed",
        "function": {
            "id": "Fn0GIVEKUDOS",
            "callback_id": "give_kudos",
            "title": "Give kudos",
            "description": "Thank people for something they did, tied to a company value",
            "type": "app",
            "input_parameters": [
                {"type": "slack#/types/user_id", "name": "giver", "is_required": True},
                {"type": "array", "name": "recipients", "is_required": True},
                {"type": "string", "name": "value", "is_required": True},
                {"type": "string", "name": "message", "is_required": True},
                {"type": "slack#/types/channel_id", "name": "channel", "is_required": False},
            ],
            "output_parameters": [
                {"type": "string", "name": "link", "is_required": True},
                {"type": "string", "name": "kudos_id", "is_required": True},
            ],
            "app_id": "A0TEST",
            "date_created": 1_694_727_597,
            "date_updated": 1_698_947_481,
            "date_deleted": 0,
        },
        "inputs": inputs,
        "function_execution_id": execution_id,
        "workflow_execution_id": "Wx" + uuid.uuid4().hex[:10].upper(),
        "event_ts": "1698958075.998738",
        "bot_access_token": token,
    }


@pytest.fixture
def run(ws: Workspace) -> Run:
    """A run of the step that Slack has started (only its token may complete it)."""
    execution_id = "Fx" + uuid.uuid4().hex[:10].upper()
    token = f"xwfp-{uuid.uuid4().int % 10**12}-{uuid.uuid4().hex}"
    ws.stack.slack.start_function(execution_id, token)
    return Run(ws, execution_id, token, new_event_id())


def _posts(ws: Workspace) -> list[str]:
    return sorted(c.params["channel"] for c in ws.stack.slack.calls_to("chat.postMessage"))


def test_the_step_gives_announces_and_outputs_the_announcements_link(run: Run) -> None:
    ws = run.ws
    assert run.send(INPUTS).status == 200
    outputs = run.completion("functions.completeSuccess")["outputs"]
    rows = ws.kudos()
    assert {(r.giver_id, r.receiver_id, r.value, r.channel_id) for r in rows} == {
        ("UGIVER", "UANA", "respect", "CTEAM"),
        ("UGIVER", "UBEN", "respect", "CTEAM"),
    }
    assert all(r.message == MSG for r in rows)
    assert _posts(ws) == ["CTEAM", "UANA", "UBEN"]
    [permalink] = ws.stack.slack.calls_to("chat.getPermalink")
    assert permalink.params["channel"] == "CTEAM"
    assert outputs["link"].startswith("https://example.slack.com/archives/CTEAM/p")
    assert outputs["kudos_id"] == rows[0].act_id
    # Every call of the run used the step's own token, never the installation's.
    assert {c.token for c in ws.stack.slack.calls} == {run.token}
    assert ws.stack.slack.calls_to("functions.completeError") == []
    assert run.token not in ws.stack.server.log()
    assert BOT_TOKEN not in ws.stack.server.log()
    wait_until(lambda: not _tasks_holding(ws, run.token), "the spent token out of every task")


def _tasks_holding(ws: Workspace, secret: str) -> list[str]:
    """The stored tasks whose payload still holds `secret`."""
    with ws.stack.database.reading() as session:
        rows = session.execute(text("SELECT key, payload FROM task")).all()
    return [str(key) for key, payload in rows if secret in payload]


def test_without_a_channel_the_output_is_the_kudos_id(run: Run) -> None:
    ws = run.ws
    assert run.send({**INPUTS, "channel": None}).status == 200
    outputs = run.completion("functions.completeSuccess")["outputs"]
    rows = ws.kudos()
    assert len(rows) == 2
    assert outputs == {"link": rows[0].act_id, "kudos_id": rows[0].act_id}
    assert _posts(ws) == ["UANA", "UBEN"]  # the DMs only
    assert ws.stack.slack.calls_to("chat.getPermalink") == []


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"value": "#nope"}, "I don't know the value #nope."),
        ({"value": "be"}, "I don't know the value #be."),
        ({"recipients": ["UGIVER"]}, "you can't give them to yourself"),
        ({"recipients": ["UANA", "UHELPER"]}, "Kudos are for people; @UHELPER is a bot."),
        ({"recipients": ["UBOT"]}, "Kudos are for people; @UBOT is a bot."),
        ({"message": "thanks"}, "Say what they did, in at least 10 characters."),
        ({"recipients": []}, "Pick at least one person to thank."),
        ({"giver": None}, "The step's giver is missing"),
        ({"channel": "#team"}, "The step's channel is not a channel."),
    ],
)
def test_invalid_inputs_fail_the_step_readably(
    run: Run, change: dict[str, Any], error: str
) -> None:
    ws = run.ws
    assert run.send({**INPUTS, **change}).status == 200
    failed = run.completion("functions.completeError")["error"]
    assert error in failed
    assert "Nothing was saved." in failed
    assert not any(mark in failed for mark in ("`", "*", ":warning:", "<@", "/kudos"))
    assert ws.kudos() == []
    assert ws.stack.slack.calls_to("functions.completeSuccess") == []
    assert ws.stack.slack.calls_to("chat.postMessage") == []
    assert {c.token for c in ws.stack.slack.calls} == {run.token}
    wait_until(lambda: not _tasks_holding(ws, run.token), "the spent token out of every task")


def test_a_retried_event_is_one_kudos_and_one_completion(run: Run) -> None:
    ws = run.ws
    assert run.send(INPUTS).status == 200
    assert run.send(INPUTS, retry_num=1, retry_reason="http_timeout").status == 200
    run.completion("functions.completeSuccess")
    assert run.send(INPUTS, retry_num=2, retry_reason="http_timeout").status == 200
    ws.wait_for_log("duplicate delivery of request")
    assert len(ws.kudos()) == 2  # one act, two people thanked
    assert len({r.act_id for r in ws.kudos()}) == 1
    assert len(ws.stack.slack.calls_to("functions.completeSuccess")) == 1
    assert _posts(ws) == ["CTEAM", "UANA", "UBEN"]


def test_the_daily_limit_applies_to_the_step_as_to_the_command(run: Run) -> None:
    """The same rules as `/kudos`: the giver's kudos from the command count for the step."""
    ws = run.ws
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command("limits daily 1", "limit", user_id="UADMIN")
    assert "give 1 kudos a day" in ws.reply("limit")["text"]
    assert ws.command(f"<@UCAM> #respect {MSG}", "first").status == 200
    assert ws.reply("first")["text"].startswith(":white_check_mark:")
    assert run.send(INPUTS).status == 200
    failed = run.completion("functions.completeError")["error"]
    assert "You've given 1 kudos today, this workspace's daily limit." in failed
    assert "<!date" not in failed
    wait_until(lambda: len(ws.kudos()) == 1, "only the command's kudos stored")


def test_a_step_event_without_its_token_is_acked_and_ignored(run: Run) -> None:
    ws = run.ws
    event = _function_executed(INPUTS, run.execution_id, run.token)
    del event["bot_access_token"]
    sender = SlackSender(ws.stack.server.events_url, SIGNING_SECRET)
    assert sender.event(event, team_id=ws.team_id).status == 200
    ws.wait_for_log("event.bot_access_token is missing")
    assert ws.kudos() == []
    assert ws.stack.slack.calls == []


def test_an_announcement_held_back_past_the_step_still_posts(run: Run) -> None:
    """Slack revokes the step's token once the step completes: an announcement rate-limited
    past that (it no longer holds the step back) posts with the workspace's token."""
    ws = run.ws
    ws.stack.slack.rate_limit(
        "chat.postMessage", retry_after=7, when=lambda p: p.get("channel") == "CTEAM"
    )
    assert run.send(INPUTS).status == 200
    outputs = run.completion("functions.completeSuccess")["outputs"]
    assert outputs["link"] == outputs["kudos_id"]  # not announced yet when the step ended
    delivered = ws.stack.slack.wait_for_delivered("chat.postMessage", count=3, timeout=15.0)
    [announcement] = [c for c in delivered if c.params["channel"] == "CTEAM"]
    assert announcement.token == BOT_TOKEN


def test_an_announcement_that_finally_fails_after_the_step_is_told_to_the_giver(run: Run) -> None:
    """The kudos is stored and the step completed: the notice is a DM to the giver (with the
    workspace's token), never a failure of the step."""
    ws = run.ws
    slack = ws.stack.slack
    slack.rate_limit("chat.postMessage", retry_after=6, when=lambda p: p["channel"] == "CTEAM")
    slack.fail("chat.postMessage", "invalid_blocks", when=lambda p: p["channel"] == "CTEAM")
    assert run.send(INPUTS).status == 200
    run.completion("functions.completeSuccess")

    def notices() -> list[Any]:
        return [
            c
            for c in slack.calls_to("chat.postMessage")
            if c.params["channel"] == "UGIVER" and "I tried for a while" in str(c.params["text"])
        ]

    wait_until(lambda: notices() != [], "the final failure DM'd to the giver", timeout=20.0)
    [notice] = notices()
    assert notice.token == BOT_TOKEN
    assert "announce your kudos in <#CTEAM> (`invalid_blocks`)" in str(notice.params["text"])
    assert slack.calls_to("functions.completeError") == []
    assert len(ws.kudos()) == 2


def test_the_ack_comes_before_any_slack_call(run: Run) -> None:
    ws = run.ws
    release = threading.Event()

    def slow_user(params: dict[str, Any]) -> dict[str, Any]:
        release.wait(timeout=10)
        return ws.stack.slack.builtin_answer("users.info", params)

    ws.stack.slack.set_answer("users.info", slow_user)
    try:
        assert run.send(INPUTS).status == 200  # acked while the lookup still waits
        assert ws.stack.slack.calls_to("functions.completeSuccess") == []
        assert ws.kudos() == []
    finally:
        release.set()
        ws.stack.slack.clear_answer("users.info")
    run.completion("functions.completeSuccess")


def _giver_dms(ws: Workspace) -> list[str]:
    calls = ws.stack.slack.calls_to("chat.postMessage")
    return [str(c.params["text"]) for c in calls if c.params["channel"] == "UGIVER"]


def test_an_announcement_without_a_permalink_still_completes_the_step(run: Run) -> None:
    ws = run.ws
    ws.stack.slack.fail("chat.getPermalink", "access_denied")
    assert run.send(INPUTS).status == 200
    outputs = run.completion("functions.completeSuccess")["outputs"]
    assert outputs["link"] == outputs["kudos_id"] == ws.kudos()[0].act_id


@pytest.mark.parametrize(
    ("method", "inputs", "told"),
    [
        ("functions.completeSuccess", INPUTS, "Your kudos was saved and delivered"),
        ("functions.completeError", {**INPUTS, "value": "#nope"}, "couldn't pass this on"),
    ],
    ids=["completion", "refusal"],
)
def test_a_step_slack_will_not_end_is_told_to_the_giver_and_its_token_forgotten(
    run: Run, method: str, inputs: dict[str, Any], told: str
) -> None:
    ws = run.ws
    ws.stack.slack.fail(method, "access_denied")
    assert run.send(inputs).status == 200
    wait_until(lambda: any(told in t for t in _giver_dms(ws)), "the giver told by DM", timeout=10)
    wait_until(lambda: not _tasks_holding(ws, run.token), "the step's token out of every task")
