"""A kudos as it is read back: one row per person thanked, with its value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class KudosRecord:
    """A kudos row joined with its value, as exports and views show it."""

    id: int
    act_id: str
    team_id: str
    giver_id: str
    receiver_id: str
    value: str
    value_name: str
    value_emoji: str
    message: str
    channel_id: str | None
    created_at: datetime
