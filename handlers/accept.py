"""How every listener works: read the payload into a task, accept it durably, then ack.

Nothing runs before the ack but reading the payload and one short database write (the intake
batches them); the work itself is a task the worker runs after the ack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.deps import Deps
from bot.domain.tasks import NewTask
from bot.runtime.intake import NotAcceptedError

log = logging.getLogger(__name__)

Listener = Callable[..., None]
BuildTask = Callable[[dict[str, Any], BoltContext, datetime], NewTask | None]
Validate = Callable[[dict[str, Any], BoltContext], dict[str, str]]
Unavailable = Callable[[Ack], None]
NOT_TAKEN = (
    ":warning: I couldn't take that right now, so nothing was saved. Please try again in a minute."
)


def _raise_for_retry(_ack: Ack) -> None:
    raise NotAcceptedError("not accepted: answering 500 so that Slack retries")


def accepting(
    build: BuildTask,
    deps: Deps,
    *,
    validate: Validate | None = None,
    unavailable: Unavailable = _raise_for_retry,
) -> Listener:
    """A listener that acks once the task `build` makes is in the database (a retry of a
    request accepted before is acked and ignored); inline `validate` errors are acked as is."""

    def accept_then_ack(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        errors = validate(body, context) if validate is not None else {}
        if errors:
            ack(response_action="errors", errors=errors)
            return
        task = build(body, context, deps.clock())
        if task is not None:
            try:
                new = deps.intake.accept(task)
            except NotAcceptedError as error:
                log.warning("request not accepted (%s)", error)
                unavailable(ack)
                return
            if not new:
                log.info("duplicate delivery of request %s ignored", task.key.split(":", 2)[-1])
        ack()

    return accept_then_ack


def answer_not_taken(ack: Ack) -> None:
    """For slash commands: tell the person privately, in the ack, that nothing was saved."""
    ack(text=NOT_TAKEN)
