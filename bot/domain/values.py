"""Company values: the defaults every workspace starts with, and forgiving name matching (the
whole name or hashtag, or one word of it that no other value shares)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar


@dataclass(frozen=True)
class ValueSpec:
    """A company value as configured: its hashtag, display name, emoji and description."""

    slug: str
    name: str
    emoji: str
    description: str


DEFAULT_VALUES: tuple[ValueSpec, ...] = (
    ValueSpec(
        "wow-the-customer",
        "Wow the customer",
        ":star-struck:",
        "Went past what the customer expected, and made their day.",
    ),
    ValueSpec(
        "operate-with-excellence",
        "Operate with excellence",
        ":gem:",
        "Did the work right, checked it twice, and left it better than they found it.",
    ),
    ValueSpec(
        "act-with-urgency",
        "Act with urgency",
        ":zap:",
        "Moved fast when it mattered, without waiting to be asked.",
    ),
    ValueSpec(
        "respect",
        "Treat people with respect",
        ":handshake:",
        "Listened, included others, and treated everyone as they would want to be treated.",
    ),
    ValueSpec(
        "be-the-visionary",
        "Be the visionary",
        ":crystal_ball:",
        "Saw what could be, and helped the rest of us see it too.",
    ),
    ValueSpec(
        "empathy",
        "Empathy",
        ":heart:",
        "Put themselves in someone else's shoes, and acted on what they felt there.",
    ),
)

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


class NamedValue(Protocol):
    """Anything with a hashtag slug and a display name."""

    @property
    def slug(self) -> str: ...

    @property
    def name(self) -> str: ...


class StoredValue(NamedValue, Protocol):
    """A workspace's value as stored: also its id, emoji, description and when it was retired."""

    @property
    def id(self) -> int | None: ...

    @property
    def emoji(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def retired_at(self) -> datetime | None: ...


V = TypeVar("V", bound=NamedValue)


def value_key(text: str) -> str:
    """Fold a typed value for matching: case, '#', spaces, dashes and underscores don't matter."""
    return _NOT_ALNUM.sub("", text.casefold())


def match_value(values: Iterable[V], typed: str) -> V | None:
    """Return the value whose slug or name matches what the user typed, if any."""
    key = value_key(typed)
    if not key:
        return None
    for value in values:
        if key in (value_key(value.slug), value_key(value.name)):
            return value
    return None


# Words too common to name a value on their own (`#the` picks nothing).
_STOP_WORDS = frozenset({"a", "an", "and", "be", "for", "in", "of", "on", "the", "to", "with"})


def _words(value: NamedValue) -> set[str]:
    words = (value_key(word) for word in _NOT_ALNUM.split(f"{value.name} {value.slug}"))
    return {word for word in words if word and word not in _STOP_WORDS}


def values_with_word(values: Iterable[V], typed: str) -> list[V]:
    """The values with the typed word in their name or hashtag (`#urgency`, `#wow`)."""
    key = value_key(typed)
    if not key or key in _STOP_WORDS:
        return []
    return [value for value in values if key in _words(value)]


@dataclass(frozen=True)
class ShownValue:
    """A value as messages show it: its name and emoji."""

    name: str
    emoji: str = ""
