"""What a weekly digest shows: the week's public kudos, counted and limited to one message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class DigestAct:
    """One kudos act: who thanked whom, for which value, and why."""

    giver_id: str
    receiver_ids: tuple[str, ...]
    value_name: str
    value_emoji: str
    message: str
    created_at: datetime


@dataclass(frozen=True)
class ValueCount:
    """How many kudos named a value."""

    name: str
    emoji: str
    count: int


@dataclass(frozen=True)
class WeekKudos:
    """Everything a digest shows, already limited to what fits in one message."""

    kudos_count: int
    people_count: int
    recognised: tuple[tuple[str, int], ...]
    top_values: tuple[ValueCount, ...]
    newest: tuple[DigestAct, ...]
