"""Leaderboards that reward breadth: distinct people who recognised you, then distinct values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FirstSeen:
    """When a receiver first got kudos from one giver, or for one value, in a period."""

    receiver_id: str
    key: str
    at: datetime


@dataclass(frozen=True)
class Standing:
    """One person's place on a leaderboard."""

    rank: int
    user_id: str
    givers: int
    values: int
    reached_at: datetime


def rank_people(
    first_givers: Iterable[FirstSeen],
    first_values: Iterable[FirstSeen],
    *,
    excluded: Collection[str] = (),
    limit: int = 10,
) -> list[Standing]:
    """Rank by distinct givers, then distinct values, then who reached that score first, then id.

    Equal scores share a rank (1, 2, 2, 4); the order within a rank is stable.
    """
    givers: dict[str, list[datetime]] = defaultdict(list)
    values: dict[str, list[datetime]] = defaultdict(list)
    for seen in first_givers:
        givers[seen.receiver_id].append(seen.at)
    for seen in first_values:
        values[seen.receiver_id].append(seen.at)
    rows = [
        (len(times), len(values[user]), max([*times, *values[user]]), user)
        for user, times in givers.items()
        if user not in excluded
    ]
    rows.sort(key=lambda r: (-r[0], -r[1], r[2], r[3]))
    standings: list[Standing] = []
    for position, (giver_count, value_count, reached, user) in enumerate(rows[:limit], 1):
        previous = standings[-1] if standings else None
        tied = previous and (previous.givers, previous.values) == (giver_count, value_count)
        rank = previous.rank if previous and tied else position
        standings.append(Standing(rank, user, giver_count, value_count, reached))
    return standings
