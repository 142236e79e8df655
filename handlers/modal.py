"""The "Give kudos" form's submission, read and checked before the ack.

The ack may only read the payload (no Web API call): people the app already knows from a
recent lookup are checked inline; anyone else is checked after the ack, and a refusal then
comes by DM. A submission of the wrong shape gets one warning and a quiet ack; a message link
comes only from the form's sealed private metadata, and anything else is dropped.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.domain.kudos_text import MAX_RECIPIENTS
from bot.domain.metadata import metadata_key, permalink
from bot.domain.payload import at, dict_at, id_at, slack_id, text_at
from bot.domain.tasks import NewTask
from bot.services.giving import form
from bot.services.giving.reaction_words import words_task
from bot.services.giving.request import GiveRequest, give_task
from bot.services.replies import ReplyTo
from handlers.accept import BuildTask, Validate, malformed, required

log = logging.getLogger(__name__)


def message_link(payload: dict[str, Any]) -> str | None:
    """The permalink of the message a message shortcut was used on (None unless all is sane)."""
    ts = at(payload, "message_ts") or at(payload, "message", "ts")
    return permalink(at(payload, "team", "domain"), at(payload, "channel", "id"), ts)


@dataclass(frozen=True)
class Submission:
    """A submitted form whose payload has the shape the form writes."""

    team_id: str
    giver_id: str
    view: dict[str, Any]
    given: form.ModalInput


def read_submission(body: dict[str, Any], context: BoltContext) -> Submission | None:
    """The submission, or None (after one warning) when its payload is malformed."""
    got = required(
        body,
        {
            "the team id": slack_id(context.team_id),
            "user.id": id_at(body, "user", "id"),
            "view.id": id_at(body, "view", "id"),
        },
    )
    if got is None:
        return None
    view = dict_at(body, "view") or {}
    try:
        given = form.read_submission(view)
    except form.MalformedFormError as error:
        malformed(body, str(error))
        return None
    return Submission(got["the team id"], got["user.id"], view, given)


def validator(deps: Deps) -> Validate:
    """Inline validation for the ack: the command's rules, with the people already known."""

    def validate(body: dict[str, Any], context: BoltContext) -> dict[str, str] | None:
        submission = read_submission(body, context)
        if submission is None:
            return None
        given = submission.given
        known = deps.people.known(submission.team_id, given.recipient_ids[:MAX_RECIPIENTS])
        return form.submission_errors(
            given, giver_id=submission.giver_id, people=known, app_user_id=context.bot_user_id
        )

    return validate


def submission_key(view: dict[str, Any]) -> str:
    """The same for a double-clicked or retried submission of one view, so it's stored once:
    the view's id and what was filled in (never the raw state, however it is nested)."""
    answers = json.dumps(asdict(form.read_submission(view)), sort_keys=True)
    return f"view:{view.get('id')}:{hashlib.sha256(answers.encode()).hexdigest()[:32]}"


def _link(body: dict[str, Any], view: dict[str, Any], key: bytes) -> str | None:
    link, dropped = form.form_link(view, key=key, domain=text_at(body, "team", "domain"))
    if dropped:
        log.warning("view_submission: message link dropped: %s", dropped)
    return link


def submission_builder(deps: Deps) -> BuildTask:
    """The task that gives the kudos the form describes; the giver hears back by DM."""
    key = metadata_key(deps.settings.slack_signing_secret)

    def submission_task(
        body: dict[str, Any], context: BoltContext, now: datetime
    ) -> NewTask | None:
        submission = read_submission(body, context)
        if submission is None:  # validate() saw it first: never stored
            return None
        given, giver_id = submission.given, submission.giver_id
        edit_key = form.form_edit_key(submission.view, key=key)
        if edit_key is not None:  # "Add a few words" to a reaction kudos: that kudos, no other
            return words_task(
                team_id=submission.team_id,
                giver_id=giver_id,
                edit_key=edit_key,
                message=given.message,
                asked={"recipient_ids": list(given.recipient_ids), "value": given.value},
                view_key=submission_key(submission.view),
                now=now,
            )
        request = GiveRequest(
            team_id=submission.team_id,
            giver_id=giver_id,
            recipient_ids=given.recipient_ids,
            value=given.value or "",
            message=given.message,
            channel_id=given.channel_id,
            request_key=submission_key(submission.view),
            is_private=given.is_private,
            source_link=_link(body, submission.view, key),
        )
        reply_to = ReplyTo(giver_id, None, now)
        return give_task(request, reply_to=reply_to, app_user_id=context.bot_user_id, now=now)

    return submission_task
