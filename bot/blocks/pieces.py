"""Pure Block Kit pieces every message builder shares: sections, context, escaping, mentions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain.user_text import escape_mrkdwn as escape

SECTION_LIMIT = 3000
Block = dict[str, Any]
__all__ = ["Block", "context", "escape", "mention_users", "section"]


def section(text: str) -> Block:
    """A mrkdwn section, cut to Slack's 3000-character limit."""
    if len(text) > SECTION_LIMIT:
        text = text[: SECTION_LIMIT - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(text: str) -> Block:
    """A context block with one mrkdwn element."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}


def mention_users(user_ids: Sequence[str]) -> str:
    """'<@A>', '<@A> and <@B>', '<@A>, <@B> and <@C>'."""
    tags = [f"<@{u}>" for u in user_ids]
    return tags[0] if len(tags) == 1 else ", ".join(tags[:-1]) + " and " + tags[-1]
