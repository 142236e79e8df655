"""How every listener works: read the payload into a task, accept it durably, then ack.

Nothing runs before the ack but reading the payload and one short database write (the intake
batches them); the work itself is a task the worker runs after the ack. A payload of the wrong
shape is expected (it is someone else's JSON): the listener names what was wrong in one warning
(`malformed`) and acks it quietly, with no task, so nothing fails after the ack either.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.deps import Deps
from bot.domain.payload import at, id_at, slack_id, text_at
from bot.domain.tasks import NewTask
from bot.runtime.intake import NotAcceptedError
from bot.services.modal import open_modal_task
from bot.services.replies import ReplyTo

log = logging.getLogger(__name__)

Listener = Callable[..., None]
BuildTask = Callable[[dict[str, Any], BoltContext, datetime], NewTask | None]
Validate = Callable[[dict[str, Any], BoltContext], dict[str, str] | None]
Unavailable = Callable[[Ack, NotAcceptedError], None]
_KIND = re.compile(r"[a-z_]{1,40}")
NOT_TAKEN = (
    ":warning: I couldn't take that right now, so nothing was saved. Please try again in a minute."
)
NOT_STORABLE = (
    ":warning: I couldn't save that: it holds characters I can't store, so nothing was saved. "
    "Please try again with the text retyped."
)


def _kind(body: dict[str, Any]) -> str:
    kind = at(body, "event", "type") if body.get("type") == "event_callback" else body.get("type")
    if isinstance(kind, str) and _KIND.fullmatch(kind):
        return kind
    return "command" if "command" in body else "unknown"


def malformed(body: dict[str, Any], what: str) -> None:
    """Log the one warning a malformed request gets; its listener then acks it, with no task."""
    log.warning("malformed %s request ignored: %s", _kind(body), what)


def required(body: dict[str, Any], fields: dict[str, str | None]) -> dict[str, str] | None:
    """`fields` (each read with bot.domain.payload, so None when missing or of the wrong shape)
    when every one is there; else None, after one warning naming the first that is not."""
    for name, value in fields.items():
        if value is None:
            malformed(body, f"{name} is missing or not what Slack sends")
            return None
    return {name: value for name, value in fields.items() if value is not None}


def not_taken_text(error: NotAcceptedError) -> str:
    """What to tell a person whose request was not accepted: try again now, or differently."""
    return NOT_STORABLE if error.lasting else NOT_TAKEN


@dataclass(frozen=True)
class Opener:
    """Who asked for the form (a shortcut, a button), the trigger_id that opens it, and the
    response_url when Slack sent one."""

    team_id: str
    user_id: str
    trigger_id: str
    response_url: str | None

    def task(self, now: datetime, **form: Any) -> NewTask:
        """The task that opens the form (`form`: what it starts with), once per trigger."""
        # a form the worker opens too late is said so: on the response_url, else by DM
        return open_modal_task(
            key=f"open:{self.team_id}:{self.trigger_id}",
            team_id=self.team_id,
            trigger_id=self.trigger_id,
            reply_to=ReplyTo(self.user_id, self.response_url, now),
            now=now,
            **form,
        )


def read_opener(body: dict[str, Any], context: BoltContext) -> Opener | None:
    """Who asked for a form in `body`; None (after one warning) when malformed."""
    got = required(
        body,
        {
            "the team id": slack_id(context.team_id),
            "user.id": id_at(body, "user", "id"),
            "trigger_id": text_at(body, "trigger_id"),
        },
    )
    if got is None:
        return None
    response_url = text_at(body, "response_url")
    if response_url is None and at(body, "response_url") is not None:
        malformed(body, "response_url is not a string")
        return None
    return Opener(got["the team id"], got["user.id"], got["trigger_id"], response_url)


def _raise_for_retry(_ack: Ack, _error: NotAcceptedError) -> None:
    raise NotAcceptedError("not accepted: answering 500 so that Slack retries (or shows an error)")


def accepting(
    build: BuildTask,
    deps: Deps,
    *,
    validate: Validate | None = None,
    unavailable: Unavailable = _raise_for_retry,
) -> Listener:
    """A listener that acks once the task `build` makes is in the database (a retry of a
    request accepted before is acked and ignored); inline `validate` errors are acked as is,
    and a request `validate` or `build` found malformed (None) is acked with no task."""

    def accept_then_ack(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        errors = validate(body, context) if validate is not None else {}
        if errors is None:  # malformed: warned about already
            ack()
            return
        if errors:
            ack(response_action="errors", errors=errors)
            return
        task = build(body, context, deps.clock())
        if task is not None:
            try:
                new = deps.intake.accept(task)
            except NotAcceptedError as error:
                log.warning("request not accepted (%s)", error)
                unavailable(ack, error)
                return
            if not new:
                log.info("duplicate delivery of request %s ignored", task.key.split(":", 2)[-1])
        ack()

    return accept_then_ack


def answer_not_taken(ack: Ack, error: NotAcceptedError) -> None:
    """For slash commands: tell the person privately, in the ack, that nothing was saved."""
    ack(text=not_taken_text(error))
