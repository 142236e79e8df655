"""Where the modal opens from (shortcuts, App Home's button, bare `/kudos`) and its submission."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from handlers.after_ack import Incoming, after_ack, after_validated_ack
from handlers.home_blocks import HOME_GIVE_ACTION
from handlers.modal import (
    GLOBAL_SHORTCUT,
    MESSAGE_SHORTCUT,
    handle_submission,
    message_link,
    open_kudos_modal,
    validator,
)
from handlers.modal_blocks import MODAL_CALLBACK_ID

log = logging.getLogger(__name__)

TRIGGER_GONE = frozenset({"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"})


def _open(client: WebClient, deps: Deps, respond: Respond | None, **kw: Any) -> None:
    try:
        open_kudos_modal(client, deps, **kw)
    except SlackApiError as error:
        code = error.response.get("error")
        if code not in TRIGGER_GONE:
            raise
        log.warning("could not open the kudos modal in time: %s", code)
        if respond is not None:
            respond(
                text=":hourglass: Slack took too long to open the form. Please try again.",
                response_type="ephemeral",
            )


def open_from_command(
    command: dict[str, Any], respond: Respond, client: WebClient, deps: Deps
) -> None:
    """Bare `/kudos`: open the modal, set to celebrate in the channel it was typed in."""
    _open(
        client,
        deps,
        respond,
        trigger_id=command["trigger_id"],
        team_id=command["team_id"],
        channel_id=command.get("channel_id"),
    )


def _from_global(call: Incoming, deps: Deps) -> None:
    body = call.body
    team_id = str(call.context.team_id)
    _open(call.client, deps, None, trigger_id=body["trigger_id"], team_id=team_id)


def _from_message(call: Incoming, deps: Deps) -> None:
    body = call.body
    author = (body.get("message") or {}).get("user")
    recipients = (author,) if author and author != body["user"]["id"] else ()
    _open(
        call.client,
        deps,
        call.respond,
        trigger_id=body["trigger_id"],
        team_id=str(call.context.team_id),
        recipients=recipients,
        channel_id=(body.get("channel") or {}).get("id"),
        source_link=message_link(body),
    )


def register(app: Any, deps: Deps) -> None:
    """Register both shortcuts, App Home's "Give kudos" button and the modal's submission."""
    app.shortcut(GLOBAL_SHORTCUT)(after_ack(lambda call: _from_global(call, deps), deps))
    app.shortcut(MESSAGE_SHORTCUT)(after_ack(lambda call: _from_message(call, deps), deps))
    app.action(HOME_GIVE_ACTION)(after_ack(lambda call: _from_global(call, deps), deps))
    app.view(MODAL_CALLBACK_ID)(
        after_validated_ack(
            validator(deps),
            lambda call: handle_submission(call, deps),
            pool=deps.giving_pool,
        )
    )
