"""The "Give kudos" form's submission, read and checked before the ack.

The ack may only read the payload (no Web API call): people the app already knows from a
recent lookup are checked inline; anyone else is checked after the ack, and a refusal then
comes by DM.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.domain.kudos_text import MAX_RECIPIENTS
from bot.domain.tasks import NewTask
from bot.services.giving import form
from bot.services.giving.request import GiveRequest, give_task
from bot.services.replies import ReplyTo
from handlers.accept import Validate


def message_link(payload: dict[str, Any]) -> str | None:
    """The permalink of the message a message shortcut was used on."""
    domain = (payload.get("team") or {}).get("domain")
    channel = (payload.get("channel") or {}).get("id")
    ts = payload.get("message_ts") or (payload.get("message") or {}).get("ts")
    if not (domain and channel and ts):
        return None
    return f"https://{domain}.slack.com/archives/{channel}/p{str(ts).replace('.', '')}"


def validator(deps: Deps) -> Validate:
    """Inline validation for the ack: the command's rules, with the people already known."""

    def validate(body: dict[str, Any], context: BoltContext) -> dict[str, str]:
        given = form.read_submission(body["view"])
        team_id, giver_id = str(context.team_id), body["user"]["id"]
        known = deps.people.known(team_id, given.recipient_ids[:MAX_RECIPIENTS])
        return form.submission_errors(
            given, giver_id=giver_id, people=known, app_user_id=context.bot_user_id
        )

    return validate


def submission_key(view: dict[str, Any]) -> str:
    """The same for a double-clicked or retried submission of one view, so it's stored once."""
    state = json.dumps(view.get("state", {}), sort_keys=True, separators=(",", ":"))
    return f"view:{view.get('id')}:{hashlib.sha256(state.encode()).hexdigest()[:32]}"


def submission_task(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask:
    """The task that gives the kudos the form describes; the giver hears back by DM."""
    view, giver_id = body["view"], str(body["user"]["id"])
    given = form.read_submission(view)
    request = GiveRequest(
        team_id=str(context.team_id),
        giver_id=giver_id,
        recipient_ids=given.recipient_ids,
        value=given.value or "",
        message=given.message,
        channel_id=given.channel_id,
        request_key=submission_key(view),
        is_private=given.is_private,
        source_link=given.source_link,
    )
    reply_to = ReplyTo(giver_id, None, now)
    return give_task(request, reply_to=reply_to, app_user_id=context.bot_user_id, now=now)
