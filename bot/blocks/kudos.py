"""Pure builders for what `/kudos` says: help, values, refusals, announcements, confirmations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.pieces import Block, context, escape, mention_users, section
from bot.blocks.quote import MESSAGE_BLOCK_LIMIT, quote_sections
from bot.domain.kudos_text import EXAMPLE, MAX_MESSAGE_CHARS, MAX_RECIPIENTS, MIN_MESSAGE_CHARS
from bot.domain.refusals import KudosRefusal, RefusalCode
from bot.domain.values import NamedValue


def value_label(value: Any) -> str:
    """':gem: *Operate with excellence*' for a value with emoji and name."""
    emoji = f"{escape(value.emoji)} " if value.emoji else ""
    return f"{emoji}*{escape(value.name)}*"


def values_text(values: Sequence[NamedValue]) -> str:
    """One line per value: hashtag, name and description."""
    lines = [
        f"• `#{v.slug}` {value_label(v)}: {escape(getattr(v, 'description', ''))}" for v in values
    ]
    return "\n".join(lines) or "This workspace has no values yet."


def help_text() -> str:
    """How to use /kudos."""
    return (
        "*Give kudos to someone who made a difference:*\n"
        f"`{EXAMPLE}`\n"
        "Mention one or more people, one value with `#` (its hashtag, its name, or a word of "
        "its name no other value has, like `#urgency`), then say what they did "
        f"({MIN_MESSAGE_CHARS} to {MAX_MESSAGE_CHARS} characters).\n"
        "Mention a user group (`@support`) to thank everyone in it, you left out, with or "
        f"without people: up to {MAX_RECIPIENTS} people in all. `@channel` and `@here` don't "
        "work: kudos are for the people you mean.\n"
        "`/kudos` alone opens a form. `/kudos me` shows your kudos, "
        "`/kudos top [week|month|quarter|year]` the leaderboard, "
        "`/kudos values` this workspace's values, `/kudos help` this again.\n"
        "*By reaction:* react to someone's message with a value's emoji (see `/kudos values`) "
        "to give them kudos for it; remove the reaction within 10 minutes to take it back.\n"
        "*For managers:* `/kudos digest on|off` and `/kudos prompt on|off` in a channel schedule "
        "its weekly shout-out digest and reflection prompt.\n"
        "*For admins and HR:* `/kudos values add|remove|rename`, `/kudos export`, "
        "`/kudos managers`, `/kudos hr`, `/kudos limits`, `/kudos reactions on|off`."
    )


def refusal_text(refusal: KudosRefusal, values: Sequence[NamedValue] = ()) -> str:
    """A private explanation of what was wrong and how to do it right."""
    lines = [f":warning: {refusal.reason}"]
    if refusal.code in (RefusalCode.UNKNOWN_VALUE, RefusalCode.NO_VALUE) and values:
        lines.append("This workspace's values:\n" + values_text(values))
    if refusal.code in (RefusalCode.DAILY_LIMIT, RefusalCode.FAIR_USE):
        lines.append("Nothing was saved.")
    else:
        lines.append(f"Nothing was saved. Try: `{EXAMPLE}`")
    return "\n".join(lines)


def unknown_value_refusal(typed: str, sharing: Sequence[NamedValue] = ()) -> KudosRefusal:
    """The refusal for a value this workspace does not have, or a word several values share."""
    shown = escape(typed) or "that"
    if len(sharing) > 1:
        names = ", ".join(f"`#{escape(v.slug)}`" for v in sharing)
        return KudosRefusal(
            RefusalCode.UNKNOWN_VALUE,
            f"Several values have the word `{shown}`: {names}. Pick one by its hashtag.",
        )
    return KudosRefusal(RefusalCode.UNKNOWN_VALUE, f"I don't know the value `#{shown}`.")


def source_line(source_link: str | None) -> str:
    """' (for <link|this message>)' when the kudos is about a message."""
    return f" (for <{escape(source_link)}|this message>)" if source_link else ""


def announcement_blocks(
    *,
    giver_id: str,
    receiver_ids: Sequence[str],
    value: Any,
    message: str,
    source_link: str | None = None,
) -> list[Block]:
    """The public post: who thanked whom, for which value, and why (the whole message)."""
    return [
        section(
            f":tada: <@{giver_id}> recognised {mention_users(receiver_ids)} "
            f"for {value_label(value)}" + source_line(source_link)
        ),
        *quote_sections(message, most=MESSAGE_BLOCK_LIMIT - 2),
        context("Someone made a difference? Say so with `/kudos`."),
    ]


def announcement_fallback(*, giver_id: str, receiver_ids: Sequence[str], value: Any) -> str:
    """Notification text for the public post."""
    return f"<@{giver_id}> recognised {mention_users(receiver_ids)} for {escape(value.name)}"


def direct_blocks(
    *,
    giver_id: str,
    value: Any,
    message: str,
    channel_id: str | None,
    source_link: str | None = None,
    is_private: bool = False,
) -> list[Block]:
    """The DM a recipient gets, with the whole message."""
    where = f" in <#{channel_id}>" if channel_id and channel_id.startswith(("C", "G")) else ""
    kind = "private kudos" if is_private else "kudos"
    return [
        section(
            f":sparkles: <@{giver_id}> gave you {kind}{where} for {value_label(value)}"
            + source_line(source_link)
        ),
        *quote_sections(message, most=MESSAGE_BLOCK_LIMIT - 1),
    ]


def confirmation_text(*, receiver_ids: Sequence[str], value: Any, notes: Sequence[str]) -> str:
    """The giver's private confirmation, with anything that did not go as planned."""
    text = (
        f":white_check_mark: Kudos sent to {mention_users(receiver_ids)} for {value_label(value)}."
    )
    return "\n".join([text, *notes])
