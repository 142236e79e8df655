"""Giving by reaction: which reaction gives what, its request key, and the withdrawal window.

A reaction names its emoji without colons (`gem`, `+1::skin-tone-2`); a value's emoji is stored
as typed (`:gem:`). Pure rules: what Slack or the database says comes in as arguments.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from bot.domain.user_text import from_slash, visible_length

WITHDRAW_WINDOW = timedelta(minutes=10)
EXCERPT_CHARS = 280
SLACKBOT = "USLACKBOT"
_EMOJI = re.compile(r"[a-z0-9_+'\-]{1,100}")
_EVENT_TS = re.compile(r"\d{1,12}(\.\d{1,8})?")


class HasEmoji(Protocol):
    """A value with an emoji and a hashtag."""

    @property
    def slug(self) -> str: ...

    @property
    def emoji(self) -> str: ...


V = TypeVar("V", bound=HasEmoji)


class Skip(StrEnum):
    """Why a reaction gives nothing."""

    OFF = "reaction giving is off in this workspace"
    NOT_A_MESSAGE = "not a reaction to a message"
    DIRECT_MESSAGE = "a reaction in a direct message"
    OWN_MESSAGE = "a reaction to the reactor's own message"
    BOT_MESSAGE = "a reaction to a bot's or the app's message"
    NO_VALUE = "no value has that emoji"


@dataclass(frozen=True)
class Reaction:
    """One `reaction_added` or `reaction_removed`, as the rules need it."""

    reactor_id: str
    author_id: str | None
    item_type: str
    channel_id: str
    ts: str
    emoji: str


@dataclass(frozen=True)
class OpenForm:
    """The "any value" emoji: the reactor is sent a button that opens the form."""


# Names people type for an emoji that Slack's reaction events call by another name.
_SLACK_NAMES = {
    "thumbsup": "+1",
    "thumbsdown": "-1",
    "punch": "facepunch",
    "hand": "raised_hand",
    "satisfied": "laughing",
    "poop": "hankey",
}


def emoji_name(text: str) -> str | None:
    """`:gem:`, `gem` and `gem::skin-tone-2` are all `gem`, and `:thumbsup:` is `+1`, as Slack
    names it in reactions; None if it is no emoji name."""
    name = text.strip().strip(":").split("::", 1)[0].casefold()
    return _SLACK_NAMES.get(name, name) if _EMOJI.fullmatch(name) else None


def values_for_emoji(values: Iterable[V], emoji: str) -> list[V]:
    """Every value whose emoji is this reaction's, in the order given."""
    wanted = emoji_name(emoji)
    return [v for v in values if wanted and emoji_name(v.emoji) == wanted]


def value_for_emoji(values: Iterable[V], emoji: str) -> V | None:
    """The (first) value whose emoji is this reaction's."""
    return next(iter(values_for_emoji(values, emoji)), None)


def skip_by_payload(reaction: Reaction, app_user_id: str | None) -> Skip | None:
    """Why the event alone shows this reaction gives nothing (before any lookup), if it does."""
    author = reaction.author_id
    rules = [
        (reaction.item_type != "message", Skip.NOT_A_MESSAGE),
        (reaction.channel_id.startswith("D"), Skip.DIRECT_MESSAGE),
        (author is None or author in (app_user_id, SLACKBOT), Skip.BOT_MESSAGE),
        (author == reaction.reactor_id, Skip.OWN_MESSAGE),
    ]
    return next((why for broken, why in rules if broken), None)


def what_it_gives(
    reaction: Reaction,
    *,
    enabled: bool,
    app_user_id: str | None,
    values: Iterable[V],
    any_value_emoji: str | None = None,
) -> V | OpenForm | Skip:
    """The value this reaction gives a kudos for, the form to open, or why it gives nothing."""
    if not enabled:
        return Skip.OFF
    skip = skip_by_payload(reaction, app_user_id)
    if skip is not None:
        return skip
    value = value_for_emoji(values, reaction.emoji)
    if value is not None:
        return value
    if any_value_emoji and emoji_name(any_value_emoji) == emoji_name(reaction.emoji):
        return OpenForm()
    return Skip.NO_VALUE


def reaction_request_key(team_id: str, reaction: Reaction, slug: str) -> str:
    """The same for every delivery of one person's reaction with one value on one message: a
    digest of them, so no user id is stored in it (`kudos-bot forget-user` need not look)."""
    parts = (team_id, reaction.reactor_id, reaction.channel_id, reaction.ts, slug)
    return "reaction:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:48]


def event_time(event_ts: object) -> datetime | None:
    """Slack's `event_ts` (`"1700000000.000100"`) as a UTC time; None if it is not one."""
    if not isinstance(event_ts, str) or not _EVENT_TS.fullmatch(event_ts):
        return None
    return datetime.fromtimestamp(float(event_ts), tz=UTC)


def excerpt(text: object) -> str | None:
    """A short excerpt of a message as Slack stores it, in the stored form; None if empty."""
    if not isinstance(text, str):
        return None
    stored = " ".join(from_slash(text).split())
    if len(stored) > EXCERPT_CHARS:
        stored = _whole_tokens(stored[: EXCERPT_CHARS - 1].rsplit(" ", 1)[0]) + "…"
    return stored if visible_length(stored) else None


def _whole_tokens(cut: str) -> str:
    """`cut` without a Slack token (`<…>`) or an entity (`&amp;`) the cut left open."""
    opened = cut.rfind("<")
    if opened > cut.rfind(">"):
        cut = cut[:opened]
    entity = cut.rfind("&")
    if entity != -1 and ";" not in cut[entity:]:
        cut = cut[:entity]
    return cut.rstrip()


def reaction_message(quote: str | None, emoji: str) -> str:
    """What a reaction kudos says they did: the message's excerpt, or that it was reacted to."""
    return quote or f"Reacted with :{emoji}: to their message."
