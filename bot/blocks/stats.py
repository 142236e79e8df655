"""Pure text for personal stats and leaderboards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.kudos import value_label
from bot.domain.leaderboard import Standing

MEDALS = {1: ":first_place_medal:", 2: ":second_place_medal:", 3: ":third_place_medal:"}


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def leaderboard_text(standings: Sequence[Standing], label: str) -> str:
    """Ranked lines: people who recognised each person, then values shown."""
    if not standings:
        return f"No public kudos yet for {label}."
    lines = [f"*Difference makers for {label}* (ranked by how many people thanked them)"]
    for s in standings:
        medal = MEDALS.get(s.rank, f"{s.rank}.")
        people = _plural(s.givers, "person", "people")
        lines.append(f"{medal} <@{s.user_id}>: thanked by {people}, {_plural(s.values, 'value')}")
    return "\n".join(lines)


def per_value_text(counts: Sequence[tuple[Any, int]], label: str) -> str:
    """'Kudos received in Q4 2026, by value' lines."""
    if not counts:
        return f"No kudos received in {label} yet."
    lines = [f"*Received in {label}, by value:*"]
    lines += [f"• {value_label(value)} × {count}" for value, count in counts]
    return "\n".join(lines)


def totals_text(received: int, given: int, givers: int) -> str:
    """All-time totals."""
    return (
        f"You received {_plural(received, 'kudos', 'kudos')} "
        f"from {_plural(givers, 'person', 'people')} and gave {given}."
    )
