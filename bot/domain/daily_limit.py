"""The per-giver daily limit, counted in the giver's own time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.periods import Window, local_day
from bot.domain.refusals import KudosRefusal, RefusalCode

DEFAULT_DAILY_LIMIT = 10
MAX_DAILY_LIMIT = 1000


@dataclass(frozen=True)
class LimitReached:
    """The giver used today's kudos; the limit resets at `resets_at` (aware UTC)."""

    limit: int
    resets_at: datetime
    tz: str


def today_for(*, now: datetime, tz: str | None) -> Window:
    """The giver's current local day, whose kudos count toward the limit."""
    return local_day(now=now, tz=tz)


def check_daily_limit(
    *, given_today: int, limit: int, now: datetime, tz: str | None
) -> LimitReached | None:
    """None while the giver is under `limit` today; else when the limit resets."""
    if given_today < limit:
        return None
    return LimitReached(limit, local_day(now=now, tz=tz).end, tz or "UTC")


def limit_refusal(reached: LimitReached) -> KudosRefusal:
    """A plain-language refusal saying when the giver can give kudos again."""
    stamp = int(reached.resets_at.timestamp())
    fallback = f"{reached.resets_at:%Y-%m-%d %H:%M} UTC"
    return KudosRefusal(
        RefusalCode.DAILY_LIMIT,
        f"You've given {reached.limit} kudos today, this workspace's daily limit. It resets "
        f"at midnight your time ({reached.tz}): <!date^{stamp}^{{date_short_pretty}} at "
        f"{{time}}|{fallback}>.",
    )
