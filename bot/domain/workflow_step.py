"""The "Give kudos" Workflow Builder step: its names (as manifest.yml declares them), the run
Slack started, and reading the inputs a workflow gave it.

Slack checks the inputs' types loosely (a builder may map any variable to them), so every input
is read defensively; an input of the wrong kind is a refusal the step fails with, readably.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.domain.payload import slack_id, slack_ids
from bot.domain.refusals import KudosRefusal, RefusalCode
from bot.domain.user_text import from_form

STEP_CALLBACK_ID = "give_kudos"
GIVER, RECIPIENTS, VALUE, MESSAGE, CHANNEL = "giver", "recipients", "value", "message", "channel"
INPUTS = (GIVER, RECIPIENTS, VALUE, MESSAGE, CHANNEL)
LINK, KUDOS_ID = "link", "kudos_id"  # the outputs
_EXECUTION_ID = re.compile(r"[A-Za-z0-9]{2,64}")  # Slack's look like Fx1234567O9L


@dataclass(frozen=True)
class FunctionRun:
    """One run of the step: answered by completing it, with the short-lived token Slack sent
    for it (kept out of reprs: it must never reach a log)."""

    execution_id: str
    token: str = field(repr=False)


@dataclass(frozen=True)
class StepInput:
    """What the workflow asked the step to give."""

    giver_id: str
    recipient_ids: tuple[str, ...]
    value: str
    message: str
    channel_id: str | None


def execution_id(value: object) -> str | None:
    """`value` when it is shaped like a function_execution_id, else None."""
    return value if isinstance(value, str) and _EXECUTION_ID.fullmatch(value) else None


def _wrong(what: str) -> KudosRefusal:
    return KudosRefusal(RefusalCode.STEP_INPUT, f"The step's {what}.")


def _optional_id(value: object) -> str | KudosRefusal | None:
    if value is None or value == "":
        return None
    channel = slack_id(value)
    if channel is None or not channel.startswith(("C", "G")):  # a person's id is no channel
        return _wrong("channel is not a channel")
    return channel


def _giver(value: object) -> str | KudosRefusal:
    giver = slack_id(value)
    if giver is not None and giver.startswith(("U", "W")):
        return giver
    if value is None or value == "":
        return _wrong("giver is missing: set it, e.g. to the person who used this workflow")
    return _wrong("giver is not a person: set it, e.g. to the person who used this workflow")


def read_step_inputs(inputs: dict[str, Any]) -> StepInput | KudosRefusal:
    """The step's inputs, or the first that is missing or of the wrong kind; the kudos rules
    themselves (message length, who may be thanked, the value) are checked as for `/kudos`."""
    giver = _giver(inputs.get(GIVER))
    if isinstance(giver, KudosRefusal):
        return giver
    recipients = slack_ids(inputs.get(RECIPIENTS) or [])
    if recipients is None:
        return _wrong("recipients are not a list of people")
    value = inputs.get(VALUE)
    value = value.strip().lstrip("#").strip() if isinstance(value, str) else ""  # as typed after #
    if not value:
        return KudosRefusal(RefusalCode.NO_VALUE, "Name the value they showed, like #respect.")
    message = inputs.get(MESSAGE)
    channel = _optional_id(inputs.get(CHANNEL))
    if isinstance(channel, KudosRefusal):
        return channel
    return StepInput(
        giver_id=giver,
        recipient_ids=recipients,
        value=value,
        message=from_form(message) if isinstance(message, str) else "",
        channel_id=channel,
    )
