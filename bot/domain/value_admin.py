"""Values administration, pure: parse `/kudos values add|remove|rename`, validate, find clashes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

from bot.domain.kudos_text import typed_value
from bot.domain.user_text import strip_invisible
from bot.domain.values import StoredValue, value_key

MIN_NAME_CHARS = 2
MAX_NAME_CHARS = 40
MAX_DESCRIPTION_CHARS = 300
MAX_SLUG_CHARS = 80  # the hashtag column's length; casefolding can lengthen a name (ﬃ -> ffi)
NAME_RULE = (
    f"{MIN_NAME_CHARS} to {MAX_NAME_CHARS} characters: letters, digits, spaces, "
    "and - ' & . only, with at least one letter"
)
# a zero-width (non-)joiner is part of some words (Persian مسئولیت‌پذیری), between letters only
_NAME_CHARS = re.compile(r"^[^\W_](?:(?:[^\W_]|[ '&.\u200c\u200d-])*[^\W_])?$", re.UNICODE)
_JOINERS = str.maketrans("", "", "\u200c\u200d")
_EMOJI = re.compile(r"^:[a-z0-9_+'-]{1,60}:(?::skin-tone-[2-6]:)?$")
_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’"}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class NewValue:
    """A value an admin asked to add: display name, hashtag slug, emoji and description."""

    name: str
    slug: str
    emoji: str
    description: str


@dataclass(frozen=True)
class Rename:
    """Rename the value `old` (as typed) to `new_name` (whose hashtag becomes `new_slug`)."""

    old: str
    new_name: str
    new_slug: str


@dataclass(frozen=True)
class AdminRefusal:
    """Why a values command was refused; shown privately with the right form."""

    reason: str


class ExistingValue(Protocol):
    """A stored value, as clash checks see it."""

    @property
    def id(self) -> int | None: ...

    @property
    def slug(self) -> str: ...

    @property
    def name(self) -> str: ...


V = TypeVar("V", bound=ExistingValue)


def slugify(name: str) -> str:
    """'Customer obsession!' -> 'customer-obsession' (a joiner inside a word keeps it one)."""
    return "-".join(re.findall(r"[^\W_]+", name.translate(_JOINERS).casefold(), re.UNICODE))


def check_name(name: str) -> str | AdminRefusal:
    """The name with spaces tidied, or why it can't be a value's name."""
    name = _SPACES.sub(" ", name).strip()
    if not name:
        return AdminRefusal("Give the value a name.")
    too_long_or_short = not MIN_NAME_CHARS <= len(name) <= MAX_NAME_CHARS
    if too_long_or_short or not _NAME_CHARS.match(name) or not re.search(r"[^\W\d_]", name):
        return AdminRefusal(f"`{name[:60]}` can't be a value name: use {NAME_RULE}.")
    slug_length = len(slugify(name))
    if slug_length > MAX_SLUG_CHARS:
        return AdminRefusal(
            f"`{name}` can't be a value name: its hashtag would be {slug_length} characters "
            f"long, and the limit is {MAX_SLUG_CHARS}. Use a shorter name."
        )
    return name


def _split_leading_name(text: str) -> tuple[str, str]:
    """A quoted name and the rest, or the words before the first :emoji: and the rest."""
    closing = _QUOTES.get(text[:1])
    if closing is not None:
        end = text.find(closing, 1)
        if end > 0:
            return text[1:end], text[end + 1 :].strip()
    words = text.split(" ")
    for index, word in enumerate(words):
        if word.startswith(":") and index > 0:
            return " ".join(words[:index]), " ".join(words[index:])
    return text, ""


def _tidy(text: str) -> str:
    """Undo Slack's escaping of &, < and >, drop invisible characters, collapse whitespace."""
    text = strip_invisible(text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return _SPACES.sub(" ", text).strip()


def parse_add(args: str) -> NewValue | AdminRefusal:
    """Parse `<name> [:emoji:] [description]` (quote a name to follow it with a description)."""
    name, rest = _split_leading_name(_tidy(args))
    checked = check_name(name)
    if isinstance(checked, AdminRefusal):
        return checked
    emoji = ""
    if rest.startswith(":"):
        emoji, _, rest = rest.partition(" ")
        if not _EMOJI.match(emoji):
            return AdminRefusal(
                f"`{emoji[:60]}` isn't an emoji code: use one like `:rocket:` "
                "(lowercase letters, digits, - _ + inside colons)."
            )
    if len(rest) > MAX_DESCRIPTION_CHARS:
        return AdminRefusal(
            f"The description is {len(rest)} characters; the limit is {MAX_DESCRIPTION_CHARS}."
        )
    return NewValue(name=checked, slug=slugify(checked), emoji=emoji, description=rest.strip())


def parse_remove(args: str) -> str | AdminRefusal:
    """The value to remove, as typed: by hashtag (a channel link Slack made of it too) or name."""
    typed = typed_value(_tidy(args).strip("\"“”'‘’").strip())
    return typed or AdminRefusal("Say which value to remove.")


def parse_rename(args: str) -> Rename | AdminRefusal:
    """Parse `<old> <new name>`: the old value by hashtag (or a quoted name), then the new name."""
    text = _tidy(args)
    closing = _QUOTES.get(text[:1])
    if closing is not None and text.find(closing, 1) > 0:
        end = text.find(closing, 1)
        old, new = text[1:end], text[end + 1 :]
    else:
        old, _, new = text.partition(" ")
        old = typed_value(old)
    if not old.strip() or not new.strip():
        return AdminRefusal("Say which value and its new name.")
    checked = check_name(new.strip().strip("\"“”'‘’"))
    if isinstance(checked, AdminRefusal):
        return checked
    return Rename(old=old.strip(), new_name=checked, new_slug=slugify(checked))


def clashing_values(
    values: Iterable[V], *, name: str, slug: str, ignore_id: int | None = None
) -> list[V]:
    """The values (active or retired) that `name` or `slug` would be confused with."""
    keys = {value_key(name), value_key(slug)}
    return [
        value
        for value in values
        if value.id != ignore_id and keys & {value_key(value.name), value_key(value.slug)}
    ]


class Outcome(StrEnum):
    """What a values change did, or why it did nothing."""

    ADDED = "added"
    REVIVED = "revived"
    RETIRED = "retired"
    RENAMED = "renamed"
    EXISTS = "exists"
    UNKNOWN = "unknown"
    LAST_ONE = "last_one"
    EMOJI_TAKEN = "emoji_taken"  # another value in use wears it: a reaction would give that one


@dataclass(frozen=True)
class Change:
    """The outcome and the value it concerns (the clashing one for EXISTS)."""

    outcome: Outcome
    value: StoredValue | None = None
