"""Ways into the form (global and message shortcuts, App Home's button) and its submission."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.blocks.home import HOME_GIVE_ACTION
from bot.blocks.modal import MESSAGE, MODAL_CALLBACK_ID
from bot.deps import Deps
from bot.domain.tasks import NewTask
from bot.services.modal import open_modal_task
from bot.services.replies import ReplyTo
from handlers.accept import NOT_TAKEN, accepting
from handlers.modal import message_link, submission_task, validator

GLOBAL_SHORTCUT = "give_kudos"
MESSAGE_SHORTCUT = "give_kudos_for_message"


def _open(body: dict[str, Any], context: BoltContext, now: datetime, **form: Any) -> NewTask:
    team_id, trigger_id = str(context.team_id), str(body["trigger_id"])
    response_url = body.get("response_url")
    reply_to = ReplyTo(str(body["user"]["id"]), response_url, now) if response_url else None
    return open_modal_task(
        key=f"open:{team_id}:{trigger_id}",
        team_id=team_id,
        trigger_id=trigger_id,
        reply_to=reply_to,
        now=now,
        **form,
    )


def _from_global(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask:
    return _open(body, context, now)


def _from_message(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask:
    author = (body.get("message") or {}).get("user")
    recipients = [author] if author and author != body["user"]["id"] else []
    return _open(
        body,
        context,
        now,
        recipients=recipients,
        channel_id=(body.get("channel") or {}).get("id"),
        source_link=message_link(body),
    )


def _keep_form_open(ack: Ack) -> None:
    ack(response_action="errors", errors={MESSAGE: NOT_TAKEN})


def register(app: Any, deps: Deps) -> None:
    """Register both shortcuts, App Home's "Give kudos" button and the form's submission."""
    app.shortcut(GLOBAL_SHORTCUT)(accepting(_from_global, deps))
    app.shortcut(MESSAGE_SHORTCUT)(accepting(_from_message, deps))
    app.action(HOME_GIVE_ACTION)(accepting(_from_global, deps))
    app.view(MODAL_CALLBACK_ID)(
        accepting(submission_task, deps, validate=validator(deps), unavailable=_keep_form_open)
    )
