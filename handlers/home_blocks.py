"""Pure builder for the App Home tab."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.safe_text import blockquote, neutralize_broadcasts
from handlers.kudos_blocks import Block, context, escape, help_text, section, values_text
from storage.kudos_repo import KudosRecord

HOME_BLOCK_LIMIT = 100


def _received(kudos: Sequence[KudosRecord]) -> list[Block]:
    if not kudos:
        return [section("No kudos yet. They'll show up here when someone thanks you.")]
    blocks = []
    for item in kudos:
        line = f"<@{item.giver_id}> for {escape(item.value_emoji)} *{escape(item.value_name)}*"
        blocks.append(section(line + "\n" + blockquote(neutralize_broadcasts(item.message))))
        blocks.append(
            context(
                f"<!date^{int(item.created_at.timestamp())}^{{date_short}}|"
                f"{item.created_at:%Y-%m-%d}>"
            )
        )
    return blocks


def home_view(*, values: Sequence[Any], received: Sequence[KudosRecord]) -> dict[str, Any]:
    """The Home tab: how to give kudos, the workspace's values and your latest kudos."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Difference Makers"}},
        section(help_text()),
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": "Our values"}},
        section(values_text(values)),
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": "Kudos you received lately"}},
        *_received(received),
    ]
    return {"type": "home", "blocks": blocks[:HOME_BLOCK_LIMIT]}
