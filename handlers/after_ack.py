"""How every listener registers: ack from the request thread, then work after the response.

Bolt's default runs even `ack()` on the listener pool, so a pool busy with slow Web API calls
could delay acks past Slack's 3 seconds. Here the ack is sent from the HTTP thread at once and
the work is queued on the pool ("lazy" listeners, with `process_before_response=True`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
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


def _run_reporting_errors(work: Callable[[Incoming], None], incoming: Incoming) -> None:
    """Run work after the ack; what it did not expect goes to the one error handler."""
    try:
        work(incoming)
    except Exception as error:  # the single catch-all for work after the ack
        handle_error(error, incoming.body, incoming.respond)


def after_ack(work: Callable[[Incoming], None]) -> dict[str, Any]:
    """Listener arguments that ack at once and run `work` on the worker pool afterwards."""

    def run_after_ack(
        body: dict[str, Any],
        payload: dict[str, Any],
        respond: Respond | None,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        _run_reporting_errors(work, Incoming(body, payload, respond, client, context))

    return {"ack": acknowledge, "lazy": [run_after_ack]}


Validate = Callable[[dict[str, Any], WebClient, BoltContext], dict[str, str]]
_REMEMBERED = 10_000


class _Rejected:
    """Submissions whose ack carried errors, so their after-ack work is skipped (bounded)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: OrderedDict[str, int] = OrderedDict()

    def add(self, key: str) -> None:
        with self._lock:
            self._keys[key] = self._keys.get(key, 0) + 1
            while len(self._keys) > _REMEMBERED:
                self._keys.popitem(last=False)

    def take(self, key: str) -> bool:
        with self._lock:
            count = self._keys.pop(key, 0)
            if count > 1:
                self._keys[key] = count - 1
            return count > 0


def _submission(body: dict[str, Any]) -> str:
    view = body.get("view") or {}
    return f"{view.get('id')}:{view.get('hash')}:{body.get('trigger_id')}"


def after_validated_ack(validate: Validate, work: Callable[[Incoming], None]) -> dict[str, Any]:
    """For view_submission: ack with inline `errors` when `validate` finds any, else work after.

    `validate` runs in the request thread before the ack, so it must be fast. A submission
    acked with errors is remembered, and its after-ack work skipped; any other runs `work`,
    which must re-check whatever `validate` could not confirm in time.
    """
    rejected = _Rejected()

    def ack_with_errors(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        errors = validate(body, client, context)
        if errors:
            rejected.add(_submission(body))
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def run_if_accepted(
        body: dict[str, Any],
        payload: dict[str, Any],
        respond: Respond | None,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        if rejected.take(_submission(body)):
            return
        _run_reporting_errors(work, Incoming(body, payload, respond, client, context))

    return {"ack": ack_with_errors, "lazy": [run_if_accepted]}
