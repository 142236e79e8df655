"""`reaction_added` / `reaction_removed`, and the buttons of the giver's DMs that open the form
(accepted as tasks, see bot.services.giving.reactions). Slack sends every reaction in the
channels the app is in: those the event alone shows give nothing (own message, a bot's, a DM)
are acked with no task."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_bolt import BoltContext

from bot.blocks.reactions import ADD_WORDS_ACTION, OPEN_FORM_ACTION
from bot.deps import Deps
from bot.domain.metadata import metadata_key, unseal
from bot.domain.payload import at, dict_at, id_at, list_at, slack_id, text_at
from bot.domain.reactions import Reaction, emoji_name, skip_by_payload
from bot.domain.tasks import NewTask
from bot.services.giving.reactions import ADDED, REMOVED, reaction_task
from bot.services.modal import open_modal_task
from bot.services.replies import ReplyTo
from handlers.accept import BuildTask, accepting, malformed, required

log = logging.getLogger(__name__)


def _read(body: dict[str, Any], context: BoltContext) -> tuple[str, str, Reaction] | None:
    """The team, the event id and the reaction; None (after one warning) when malformed."""
    got = required(
        body,
        {
            "the team id": slack_id(context.team_id),
            "event_id": text_at(body, "event_id"),
            "event.user": id_at(body, "event", "user"),
            "event.item.type": text_at(body, "event", "item", "type"),
            "event.item.channel": id_at(body, "event", "item", "channel"),
            "event.item.ts": text_at(body, "event", "item", "ts"),
        },
    )
    if got is None:
        return None
    emoji = emoji_name(text_at(body, "event", "reaction") or "")
    author = at(body, "event", "item_user")
    if emoji is None or (author is not None and slack_id(author) is None):
        malformed(body, "event.reaction or event.item_user is not what Slack sends")
        return None
    reaction = Reaction(
        reactor_id=got["event.user"],
        author_id=slack_id(author),
        item_type=got["event.item.type"],
        channel_id=got["event.item.channel"],
        ts=got["event.item.ts"],
        emoji=str(emoji),
    )
    return got["the team id"], got["event_id"], reaction


def _builder(kind: str) -> BuildTask:
    def build(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
        if text_at(body, "event", "item", "type") not in (None, "message"):
            log.info("%s on a %s ignored", kind, text_at(body, "event", "item", "type"))
            return None  # a file or file comment: no message to thank anyone for
        read = _read(body, context)
        if read is None:
            return None
        team_id, event_id, reaction = read
        if (skip := skip_by_payload(reaction, context.bot_user_id)) is not None:
            log.debug("%s ignored: %s", kind, skip.value)  # every reaction comes here: no task
            return None
        return reaction_task(
            kind,
            key=f"{kind}:{team_id}:{event_id}",
            team_id=team_id,
            reaction=reaction,
            event_ts=text_at(body, "event", "event_ts") or "",
            app_user_id=context.bot_user_id,
            now=now,
        )

    return build


def _button(
    body: dict[str, Any], context: BoltContext, key: bytes
) -> tuple[dict[str, str], dict[str, str]] | None:
    """Who clicked, the trigger_id (and the response_url, when Slack sent one), and what the
    button's sealed value says."""
    action = dict_at((list_at(body, "actions") or [None])[0])
    got = required(
        body,
        {
            "the team id": slack_id(context.team_id),
            "user.id": id_at(body, "user", "id"),
            "trigger_id": text_at(body, "trigger_id"),
        },
    )
    sealed = unseal(key, (action or {}).get("value"))
    if got is not None and sealed is None:
        malformed(body, "actions[0].value is not what the app wrote")
        return None
    response_url = text_at(body, "response_url")
    if got is not None and response_url is None and at(body, "response_url") is not None:
        malformed(body, "response_url is not a string")
        return None
    if got is None or sealed is None:
        return None
    return (got | ({"response_url": response_url} if response_url else {})), sealed


def _opener(deps: Deps, *, words: bool) -> BuildTask:
    key = metadata_key(deps.settings.slack_signing_secret)

    def build(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
        read = _button(body, context, key)
        if read is None:
            return None
        got, sealed = read
        team_id, user_id, trigger_id = got["the team id"], got["user.id"], got["trigger_id"]
        # a click the worker reaches after the trigger's 3 s is told so, here or by DM
        reply_to = ReplyTo(user_id, got.get("response_url"), now)
        if words:
            form: dict[str, Any] = {"edit": sealed.get("edit"), "giver": user_id}
        else:
            form = {
                "recipients": [sealed["author"]] if sealed.get("author") else [],
                "channel_id": sealed.get("channel"),
                "source_link": sealed.get("link"),
            }
        return open_modal_task(
            key=f"open:{team_id}:{trigger_id}",
            team_id=team_id,
            trigger_id=trigger_id,
            reply_to=reply_to,
            now=now,
            **form,
        )

    return build


def register(app: Any, deps: Deps) -> None:
    """Register both reaction events and the two buttons of the giver's DMs."""
    app.event(ADDED)(accepting(_builder(ADDED), deps))
    app.event(REMOVED)(accepting(_builder(REMOVED), deps))
    app.action(ADD_WORDS_ACTION)(accepting(_opener(deps, words=True), deps))
    app.action(OPEN_FORM_ACTION)(accepting(_opener(deps, words=False), deps))
