"""Reading the "Give kudos" workflow step's inputs: what a workflow may hand it, good and bad."""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.refusals import KudosRefusal, RefusalCode
from bot.domain.workflow_step import FunctionRun, StepInput, execution_id, read_step_inputs

MSG = "stayed on after the outage to call back every customer"
GOOD: dict[str, Any] = {
    "giver": "UGIVER",
    "recipients": ["UANA", "UBEN"],
    "value": "#respect",
    "message": MSG,
    "channel": "CTEAM",
}


def test_good_inputs_are_read() -> None:
    assert read_step_inputs(GOOD) == StepInput(
        giver_id="UGIVER",
        recipient_ids=("UANA", "UBEN"),
        value="respect",
        message=MSG,
        channel_id="CTEAM",
    )


@pytest.mark.parametrize("channel", [None, ""])
def test_the_channel_is_optional(channel: object) -> None:
    given = read_step_inputs({**GOOD, "channel": channel})
    assert isinstance(given, StepInput)
    assert given.channel_id is None


def test_a_missing_channel_is_no_channel() -> None:
    given = read_step_inputs({k: v for k, v in GOOD.items() if k != "channel"})
    assert isinstance(given, StepInput)
    assert given.channel_id is None


def test_recipients_repeat_once_and_the_message_is_stored_as_the_form_stores_it() -> None:
    given = read_step_inputs({**GOOD, "recipients": ["UANA", "UANA"], "message": f" {MSG} <b> "})
    assert isinstance(given, StepInput)
    assert given.recipient_ids == ("UANA",)
    assert given.message == f"{MSG} &lt;b&gt;"


@pytest.mark.parametrize(
    ("change", "code", "reason"),
    [
        ({"giver": None}, RefusalCode.STEP_INPUT, "giver is missing"),
        ({"giver": ""}, RefusalCode.STEP_INPUT, "giver is missing"),
        ({"giver": "ana"}, RefusalCode.STEP_INPUT, "giver is not a person"),
        ({"giver": ["UGIVER"]}, RefusalCode.STEP_INPUT, "giver is not a person"),
        ({"giver": "CTEAM"}, RefusalCode.STEP_INPUT, "giver is not a person"),
        ({"recipients": "UANA"}, RefusalCode.STEP_INPUT, "not a list of people"),
        ({"recipients": ["UANA", "ben"]}, RefusalCode.STEP_INPUT, "not a list of people"),
        ({"recipients": [{"id": "UANA"}]}, RefusalCode.STEP_INPUT, "not a list of people"),
        ({"value": None}, RefusalCode.NO_VALUE, "Name the value"),
        ({"value": "  "}, RefusalCode.NO_VALUE, "Name the value"),
        ({"value": " # "}, RefusalCode.NO_VALUE, "Name the value"),
        ({"value": 3}, RefusalCode.NO_VALUE, "Name the value"),
        ({"channel": "#team"}, RefusalCode.STEP_INPUT, "channel is not a channel"),
        ({"channel": ["CTEAM"]}, RefusalCode.STEP_INPUT, "channel is not a channel"),
        ({"channel": "UANA"}, RefusalCode.STEP_INPUT, "channel is not a channel"),  # a person
    ],
)
def test_each_bad_input_is_a_readable_refusal(
    change: dict[str, Any], code: RefusalCode, reason: str
) -> None:
    refusal = read_step_inputs({**GOOD, **change})
    assert isinstance(refusal, KudosRefusal)
    assert refusal.code == code
    assert reason in refusal.reason


@pytest.mark.parametrize("message", [None, 7, ["x"]])
def test_a_message_that_is_not_text_is_empty(message: object) -> None:
    """...so the message rule refuses it, with the command's own words (checked by give_now)."""
    given = read_step_inputs({**GOOD, "message": message})
    assert isinstance(given, StepInput)
    assert given.message == ""


def test_no_recipients_is_left_to_the_giving_rules() -> None:
    given = read_step_inputs({k: v for k, v in GOOD.items() if k != "recipients"})
    assert isinstance(given, StepInput)
    assert given.recipient_ids == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Fx1234567O9L", "Fx1234567O9L"), ("", None), ("Fx 1", None), (12, None), ("F" * 65, None)],
)
def test_execution_ids(value: object, expected: str | None) -> None:
    assert execution_id(value) == expected


def test_a_runs_token_stays_out_of_its_repr() -> None:
    assert "xwfp-secret" not in repr(FunctionRun("Fx1", "xwfp-secret"))
