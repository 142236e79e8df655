"""Ways into the form (global and message shortcuts, App Home's button) and its submission."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.blocks.home import HOME_GIVE_ACTION
from bot.blocks.modal import MESSAGE, MODAL_CALLBACK_ID
from bot.deps import Deps
from bot.domain.payload import at, dict_at, id_at, slack_id
from bot.domain.recipients import author_to_thank
from bot.domain.tasks import NewTask
from bot.runtime.intake import NotAcceptedError
from handlers.accept import accepting, malformed, not_taken_text, read_opener
from handlers.modal import message_link, submission_builder, validator

log = logging.getLogger(__name__)

GLOBAL_SHORTCUT = "give_kudos"
MESSAGE_SHORTCUT = "give_kudos_for_message"


def _from_global(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
    opener = read_opener(body, context)
    return None if opener is None else opener.task(now)


def _message_link(body: dict[str, Any]) -> str | None:
    link = message_link(body)
    if link is None and at(body, "team", "domain") is not None:  # org-wide installs have none
        log.warning("message shortcut: message link dropped: not a permalink of the workspace")
    return link


def _from_message(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
    opener = read_opener(body, context)
    message, channel_id = dict_at(body, "message"), id_at(body, "channel", "id")
    if opener is None or message is None or channel_id is None:
        if opener is not None:
            what = "message is not an object" if message is None else "channel.id is not an id"
            malformed(body, what)
        return None
    author = message.get("user")
    if author is not None and slack_id(author) is None:
        malformed(body, "message.user is not a Slack id")
        return None
    to_thank = author_to_thank(message, opener.user_id)
    recipients = [] if to_thank is None else [to_thank]
    link = _message_link(body)
    return opener.task(now, recipients=recipients, channel_id=channel_id, source_link=link)


def _keep_form_open(ack: Ack, error: NotAcceptedError) -> None:
    ack(response_action="errors", errors={MESSAGE: not_taken_text(error)})


def register(app: Any, deps: Deps) -> None:
    """Register both shortcuts, App Home's "Give kudos" button and the form's submission."""
    app.shortcut(GLOBAL_SHORTCUT)(accepting(_from_global, deps))
    app.shortcut(MESSAGE_SHORTCUT)(accepting(_from_message, deps))
    app.action(HOME_GIVE_ACTION)(accepting(_from_global, deps))
    app.view(MODAL_CALLBACK_ID)(
        accepting(
            submission_builder(deps), deps, validate=validator(deps), unavailable=_keep_form_open
        )
    )
