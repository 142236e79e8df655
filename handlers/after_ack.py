"""How every listener registers: ack in the request thread, then queue the work.

Bolt's default runs even `ack()` on its listener pool, so a pool busy with slow Web API calls
could delay acks past Slack's 3 seconds. So listeners run in the request thread
(`process_before_response=True`), ack at once and queue the rest: giving kudos on
`Deps.giving_pool`, everything else (opening modals, Home, lifecycle) on `Deps.after_ack_pool`,
so a burst of kudos never keeps a modal from opening before its trigger_id expires.
Bolt's own "lazy listeners" would do the same, but they deep-copy every request first (its
context holds the Web API client), which doubled the CPU cost of an ack.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from handlers.errors import handle_error

Listener = Callable[..., None]
PoolFor = Callable[[dict[str, Any]], Executor]  # which pool a request's work goes to, by body


@dataclass(frozen=True)
class Incoming:
    """One request from Slack, as the work after the ack sees it."""

    body: dict[str, Any]
    payload: dict[str, Any]
    respond: Respond | None
    client: WebClient
    context: BoltContext


def _run_reporting_errors(work: Callable[[Incoming], None], incoming: Incoming) -> None:
    """Run work after the ack; what it did not expect goes to the one error handler."""
    try:
        work(incoming)
    except Exception as error:  # the single catch-all for work after the ack
        handle_error(error, incoming.body, incoming.respond)


Validate = Callable[[dict[str, Any], WebClient, BoltContext], dict[str, str]]


def _listener(
    validate: Validate | None, work: Callable[[Incoming], None], pool_for: PoolFor
) -> Listener:
    """A listener that acks (with `validate`'s inline errors, if any) and queues `work`."""

    def ack_then_queue(  # noqa: PLR0917 (Bolt passes what a listener names, by name)
        ack: Ack,
        body: dict[str, Any],
        payload: dict[str, Any],
        respond: Respond | None,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        errors = validate(body, client, context) if validate else {}
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        incoming = Incoming(body, payload, respond, client, context)
        pool_for(body).submit(_run_reporting_errors, work, incoming)

    return ack_then_queue


def after_ack(
    work: Callable[[Incoming], None], deps: Deps, *, pool_for: PoolFor | None = None
) -> Listener:
    """A listener that acks at once and runs `work` on the after-ack pool (or `pool_for`'s)."""
    return _listener(None, work, pool_for or (lambda _body: deps.after_ack_pool))


def after_validated_ack(
    validate: Validate, work: Callable[[Incoming], None], *, pool: Executor
) -> Listener:
    """For view_submission: ack with inline `errors` when `validate` finds any, else queue
    `work` on `pool`.

    `validate` runs before the ack, so it must be fast; `work` must re-check whatever
    `validate` could not confirm in time.
    """
    return _listener(validate, work, lambda _body: pool)
