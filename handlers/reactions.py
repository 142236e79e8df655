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
from handlers.accept import BuildTask, Opener, accepting, malformed, read_opener, required

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
) -> tuple[Opener, dict[str, str]] | None:
    """Who clicked (with the trigger_id, and the response_url when Slack sent one), and what
    the button's sealed value says."""
    opener = read_opener(body, context)
    if opener is None:
        return None
    action = dict_at((list_at(body, "actions") or [None])[0])
    sealed = unseal(key, (action or {}).get("value"))
    if sealed is None:
        malformed(body, "actions[0].value is not what the app wrote")
        return None
    return opener, sealed


def _opener(deps: Deps, *, words: bool) -> BuildTask:
    key = metadata_key(deps.settings.slack_signing_secret)

    def build(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
        read = _button(body, context, key)
        if read is None:
            return None
        opener, sealed = read
        if words:
            return opener.task(now, edit=sealed.get("edit"), giver=opener.user_id)
        return opener.task(
            now,
            recipients=[sealed["author"]] if sealed.get("author") else [],
            channel_id=sealed.get("channel"),
            source_link=sealed.get("link"),
        )

    return build


def register(app: Any, deps: Deps) -> None:
    """Register both reaction events and the two buttons of the giver's DMs."""
    app.event(ADDED)(accepting(_builder(ADDED), deps))
    app.event(REMOVED)(accepting(_builder(REMOVED), deps))
    app.action(ADD_WORDS_ACTION)(accepting(_opener(deps, words=True), deps))
    app.action(OPEN_FORM_ACTION)(accepting(_opener(deps, words=False), deps))
