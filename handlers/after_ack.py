"""How every listener registers: ack from the request thread, then work after the response.

Bolt's default runs even `ack()` on the listener pool, so a pool busy with slow Web API calls
could delay acks past Slack's 3 seconds. Here the ack is sent from the HTTP thread at once and
the work is queued on the pool ("lazy" listeners, with `process_before_response=True`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from handlers.errors import handle_error


@dataclass(frozen=True)
class Incoming:
    """One request from Slack, as the work after the ack sees it."""

    body: dict[str, Any]
    payload: dict[str, Any]
    respond: Respond | None
    client: WebClient
    context: BoltContext


def acknowledge(ack: Ack) -> None:
    """Answer Slack at once with an empty 200."""
    ack()


def after_ack(work: Callable[[Incoming], None]) -> dict[str, Any]:
    """Listener arguments that ack at once and run `work` on the worker pool afterwards."""

    def run_after_ack(
        body: dict[str, Any],
        payload: dict[str, Any],
        respond: Respond | None,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        try:
            work(Incoming(body, payload, respond, client, context))
        except Exception as error:
            handle_error(error, body, respond)

    return {"ack": acknowledge, "lazy": [run_after_ack]}


Validate = Callable[[dict[str, Any], WebClient, BoltContext], dict[str, str]]


def after_validated_ack(validate: Validate, work: Callable[[Incoming], None]) -> dict[str, Any]:
    """For view_submission: ack with inline `errors` when `validate` finds any, else work after.

    `validate` runs in the request thread before the ack, so it must be fast; it runs again
    after the ack (cheaply: lookups are cached by then) so `work` only sees valid submissions.
    """

    def ack_with_errors(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        errors = validate(body, client, context)
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def run_if_valid(
        body: dict[str, Any],
        payload: dict[str, Any],
        respond: Respond | None,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        try:
            if not validate(body, client, context):
                work(Incoming(body, payload, respond, client, context))
        except Exception as error:
            handle_error(error, body, respond)

    return {"ack": ack_with_errors, "lazy": [run_if_valid]}
