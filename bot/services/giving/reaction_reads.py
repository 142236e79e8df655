"""What the app reads about a reacted-to message: its permalink (no link, no kudos) and, when
the app may read it, a short excerpt (`conversations.history`, or `.replies` in a thread)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.domain.reactions import Reaction, excerpt
from bot.services.tasks import TaskContext

log = logging.getLogger(__name__)

CANNOT_SEE = frozenset(
    {"channel_not_found", "not_in_channel", "message_not_found", "missing_scope", "access_denied"}
)
CANNOT_READ = frozenset({*CANNOT_SEE, "thread_not_found"})
MAX_LINK = 500  # what a kudos stores


def _code(error: SlackApiError) -> str:
    return str(error.response.get("error"))


def message_permalink(ctx: TaskContext, reaction: Reaction) -> str | None:
    """The message's permalink (`chat.getPermalink`); None when the app cannot see it."""
    try:
        response = ctx.client().chat_getPermalink(
            channel=reaction.channel_id, message_ts=reaction.ts
        )
    except SlackApiError as error:
        if _code(error) not in CANNOT_SEE:
            raise
        log.info("reacted-to message out of the app's sight: %s", _code(error))
        return None
    link = response.get("permalink")
    return (
        link
        if isinstance(link, str) and link.startswith("https://") and len(link) <= MAX_LINK
        else None
    )


def _text_of(messages: Any, ts: str) -> str | None:
    if not isinstance(messages, list):
        return None
    found = (m for m in messages if isinstance(m, dict) and m.get("ts") == ts)
    return excerpt(next(found, {}).get("text"))


def message_excerpt(ctx: TaskContext, reaction: Reaction) -> str | None:
    """A short excerpt of the message, or None when the app may not read it (or it has none)."""
    channel, ts = reaction.channel_id, reaction.ts
    try:
        history = ctx.client().conversations_history(
            channel=channel, latest=ts, inclusive=True, limit=1
        )
        text = _text_of(history.get("messages"), ts)
        if text is not None:
            return text
        replies = ctx.client().conversations_replies(  # a reply: its thread, its parent first
            channel=channel, ts=ts, oldest=ts, latest=ts, inclusive=True, limit=2
        )
    except SlackApiError as error:
        if _code(error) not in CANNOT_READ:
            raise
        log.info("reacted-to message not readable (%s): kudos without an excerpt", _code(error))
        return None
    return _text_of(replies.get("messages"), ts)
