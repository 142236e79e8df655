"""Calendar periods (week, month, quarter, year) and local days, from a given `now` and zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Period(StrEnum):
    """A leaderboard period."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class Window:
    """A half-open time range [start, end), aware UTC, with a human label."""

    start: datetime
    end: datetime
    label: str


def zone(tz: str | None) -> ZoneInfo:
    """The named time zone, or UTC when it is missing or unknown."""
    try:
        return ZoneInfo(tz) if tz else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _local_midnight(year: int, month: int, day: int, tz: ZoneInfo) -> datetime:
    return datetime(year, month, day, tzinfo=tz).astimezone(UTC)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def period_window(period: Period, *, now: datetime, tz: str | None) -> Window:
    """The period containing `now`, with boundaries at local midnight in `tz`."""
    zone_info = zone(tz)
    local = now.astimezone(zone_info)
    if period is Period.WEEK:
        monday = local.date() - timedelta(days=local.weekday())
        start = _local_midnight(monday.year, monday.month, monday.day, zone_info)
        nxt = monday + timedelta(days=7)
        end = _local_midnight(nxt.year, nxt.month, nxt.day, zone_info)
        return Window(start, end, f"the week of {monday:%d %b %Y}")
    months, label = {
        Period.MONTH: (1, f"{local:%B %Y}"),
        Period.QUARTER: (3, f"Q{(local.month - 1) // 3 + 1} {local.year}"),
        Period.YEAR: (12, f"{local.year}"),
    }[period]
    first_month = 1 if months == 12 else (local.month - 1) // months * months + 1
    end_year, end_month = _add_months(local.year, first_month, months)
    start = _local_midnight(local.year, first_month, 1, zone_info)
    return Window(start, _local_midnight(end_year, end_month, 1, zone_info), label)


def local_day(*, now: datetime, tz: str | None) -> Window:
    """The calendar day containing `now` in `tz` (23 or 25 hours on DST changes)."""
    zone_info = zone(tz)
    today = now.astimezone(zone_info).date()
    tomorrow = today + timedelta(days=1)
    return Window(
        _local_midnight(today.year, today.month, today.day, zone_info),
        _local_midnight(tomorrow.year, tomorrow.month, tomorrow.day, zone_info),
        f"{today:%d %b %Y}",
    )
