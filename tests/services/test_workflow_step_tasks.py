"""The workflow step's tasks: what they carry, so that each calls Slack with the step's token."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.workflow_step import FunctionRun
from bot.services.giving.workflow import step_task
from bot.services.replies import ReplyTo, reply_task
from bot.services.tasks import STEP_TOKEN

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
RUN = FunctionRun("Fx1", "xwfp-1-secret")


def test_a_step_reply_to_round_trips_with_its_run() -> None:
    reply_to = ReplyTo("UGIVER", None, NOW, function=RUN)
    assert ReplyTo.from_payload(reply_to.to_payload()) == reply_to
    assert reply_to.token_field() == {STEP_TOKEN: RUN.token}


def test_other_replies_are_as_before() -> None:
    reply_to = ReplyTo("UGIVER", "https://hooks.example/1", NOW)
    stored_before = {k: v for k, v in reply_to.to_payload().items() if k != "function"}
    assert ReplyTo.from_payload(stored_before) == reply_to  # tasks queued before this change
    assert ReplyTo.from_payload(reply_to.to_payload()) == reply_to
    assert reply_to.token_field() == {}
    task = reply_task(key="k", team_id="T1", reply_to=reply_to, text="hi", now=NOW)
    assert STEP_TOKEN not in task.payload


def test_a_steps_refusal_carries_the_token_and_waits_in_no_lane() -> None:
    reply_to = ReplyTo("UGIVER", None, NOW, function=RUN)
    task = reply_task(key="k", team_id="T1", reply_to=reply_to, text="no", now=NOW)
    assert task.payload[STEP_TOKEN] == RUN.token
    assert task.lane is None


def test_the_step_task_keeps_only_the_inputs_it_reads() -> None:
    inputs = {"giver": "UGIVER", "recipients": ["UANA"], "extra": "x" * 10_000}
    task = step_task(team_id="T1", run=RUN, inputs=inputs, app_user_id="UBOT", now=NOW)
    assert task.key == "step:T1:Fx1"
    assert task.payload["inputs"] == {"giver": "UGIVER", "recipients": ["UANA"]}
    assert task.payload[STEP_TOKEN] == RUN.token
    assert ReplyTo.from_payload(task.payload["reply_to"]).function == RUN
