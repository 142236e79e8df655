"""Pure builders for what `/kudos values …` says."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.kudos import value_label
from bot.blocks.pieces import escape
from bot.domain.value_admin import Change, Outcome
from bot.domain.values import StoredValue

USAGE = (
    "Usage: `/kudos values` lists them, `/kudos values all` includes retired ones. "
    "Admins: `/kudos values add <name> [:emoji:] [description]` "
    '(quote a name of several words to follow it with a description: `"Own it" :muscle: '
    "We finish what we start`), `/kudos values remove <name>`, "
    "`/kudos values rename <old> <new name>`."
)
MAY_CHANGE = "Only workspace admins and owners, and people in `/kudos hr`, can change the values."
LIST_LIMIT = 2800  # keep the answer under a section's 3000 characters


def value_line(value: StoredValue) -> str:
    """'• `#slug` :emoji: *Name*: description', marked when retired."""
    retired = " _(retired)_" if value.retired_at is not None else ""
    description = f": {escape(value.description)}" if value.description else ""
    return f"• `#{escape(value.slug)}` {value_label(value)}{retired}{description}"


def values_list_text(values: Sequence[StoredValue], *, with_retired: bool) -> str:
    """The workspace's values, one per line; retired ones marked when included."""
    title = "*This workspace's values" + (", with retired ones:*" if with_retired else ":*")
    lines = [value_line(v) for v in values] or ["This workspace has no values yet."]
    text = "\n".join([title, *lines])
    if len(text) > LIST_LIMIT:
        text = text[: LIST_LIMIT - 1] + "…"
    return text


def _name(change: Change) -> str:
    return value_label(change.value) if change.value is not None else "that value"


def change_text(change: Change, typed: str = "") -> str:
    """The private answer to an add, remove or rename."""
    outcome, label = change.outcome, _name(change)
    shown = escape(typed)
    messages = {
        Outcome.ADDED: f":white_check_mark: Added {label}. Give kudos for it with "
        f"`#{escape(change.value.slug) if change.value else ''}`.",
        Outcome.REVIVED: f":white_check_mark: {label} was retired; it is back in use.",
        Outcome.RETIRED: f":white_check_mark: Retired {label}. Past kudos keep it; "
        "it can't be chosen for new kudos. Add it again to bring it back.",
        Outcome.RENAMED: f":white_check_mark: Renamed to {label}; its hashtag is now "
        f"`#{escape(change.value.slug) if change.value else ''}` and past kudos follow it.",
        Outcome.EXISTS: f":warning: That name is taken by {label}. Nothing changed.",
        Outcome.UNKNOWN: f":warning: There is no value `{shown}` in use. Name it by its "
        'hashtag, or quote a name of several words (`"Wow the customer"`); `/kudos values` '
        "lists them. Nothing changed.",
        Outcome.LAST_ONE: f":warning: {label} is the last value in use; add another "
        "before removing it. Nothing changed.",
        Outcome.EMOJI_TAKEN: f":warning: {label} already has that emoji, and a reaction with "
        "it gives kudos for that value; pick another emoji. Nothing changed.",
    }
    return messages[outcome]


def refusal_text(reason: str) -> str:
    """A refused values command: what was wrong (user text escaped) and the right form."""
    return f":warning: {escape(reason)} Nothing changed.\n{USAGE}"
