"""Weekly schedules: parse `[weekday] [HH:MM] [time zone] [scope:…]`, find slots, describe them.

Pure: every function receives the times it works with. Slots are local wall-clock times, so a
09:00 Europe/Berlin schedule is 09:00 in Berlin before and after a daylight-saving change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_WEEKDAY = 0
DEFAULT_TIME = time(9, 0)
FALLBACK_TZ = "UTC"
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
USAGE = "[weekday] [HH:MM] [time zone]"
DIGEST, PROMPT = "digest", "prompt"  # the kinds of scheduled post


class Scope(StrEnum):
    """Whose kudos a digest celebrates."""

    CHANNEL = "channel"
    WORKSPACE = "workspace"


@dataclass(frozen=True)
class Weekly:
    """Once a week, on `weekday` (0 = Monday) at local time `at` in IANA zone `tz`."""

    weekday: int
    at: time
    tz: str

    @property
    def zone(self) -> ZoneInfo:
        """The time zone."""
        return ZoneInfo(self.tz)


@dataclass(frozen=True)
class ScheduleRequest:
    """What `/kudos digest on …` asked for; None means "use the default"."""

    weekday: int | None = None
    at: time | None = None
    tz: str | None = None
    scope: Scope | None = None

    def weekly(self, default_tz: str | None) -> Weekly:
        """The schedule, with defaults filled in (Monday, 09:00, `default_tz` or UTC)."""
        tz = self.tz or canonical_time_zone(default_tz or "") or FALLBACK_TZ
        return Weekly(
            DEFAULT_WEEKDAY if self.weekday is None else self.weekday, self.at or DEFAULT_TIME, tz
        )


@dataclass(frozen=True)
class ScheduleRefusal:
    """Why the arguments were not understood."""

    reason: str


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


def canonical_time_zone(typed: str) -> str | None:
    """The IANA name for `typed` (case forgiven), or None when there is no such zone."""
    return _zones().get(typed.strip().casefold())


def parse_weekday(word: str) -> int | None:
    """0-6 for 'monday', 'Mon', 'mondays'; None otherwise."""
    word = word.casefold().removesuffix("s")
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return index
    return None


def parse_clock(word: str) -> time | ScheduleRefusal | None:
    """A time for 'HH:MM'; a refusal for '25:00'; None when it does not look like a time."""
    match = _CLOCK.match(word)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return ScheduleRefusal(f"`{word}` is not a time of day: use 24-hour HH:MM, e.g. `09:00`.")
    return time(hour, minute)


def _scope(word: str) -> tuple[str, object] | ScheduleRefusal:
    scope = word.split(":", 1)[1].casefold()
    if scope not in set(Scope):
        return ScheduleRefusal(f"`{word}`: the scope is `scope:channel` or `scope:workspace`.")
    return "scope", Scope(scope)


def _understand(word: str) -> tuple[str, object] | ScheduleRefusal:
    """Which field one word sets, and to what."""
    if word.casefold().startswith("scope:"):
        return _scope(word)
    clock = parse_clock(word)
    if clock is not None:
        return clock if isinstance(clock, ScheduleRefusal) else ("at", clock)
    weekday = parse_weekday(word)
    if weekday is not None:
        return "weekday", weekday
    zone = canonical_time_zone(word)
    if zone is not None:
        return "tz", zone
    if "/" in word:
        return ScheduleRefusal(
            f"`{word}` is not a time zone I know: use an IANA name such as `Europe/Berlin`."
        )
    return ScheduleRefusal(
        f"I don't understand `{word}`: expected a weekday (e.g. `monday`), a time (`09:00`) "
        "or a time zone (`Europe/Berlin`)."
    )


def parse_schedule(words: list[str]) -> ScheduleRequest | ScheduleRefusal:
    """Parse the words after `on`, in any order; each kind of thing may appear once."""
    fields: dict[str, object] = {}
    for word in words:
        understood = _understand(word)
        if isinstance(understood, ScheduleRefusal):
            return understood
        name, value = understood
        if name in fields:
            return ScheduleRefusal(f"`{word}`: give only one {_FIELD_NAMES[name]}.")
        fields[name] = value
    return ScheduleRequest(**fields)  # type: ignore[arg-type]


_FIELD_NAMES = {"weekday": "weekday", "at": "time", "tz": "time zone", "scope": "scope"}


def _slot_on(weekly: Weekly, day: date) -> datetime:
    """The slot on local date `day`, in UTC (a time skipped by DST shifts forward)."""
    return datetime.combine(day, weekly.at, tzinfo=weekly.zone).astimezone(UTC)


def slot_day(weekly: Weekly, moment: datetime) -> date:
    """The local date of the schedule's weekday on or before `moment`'s: a slot's own day,
    though a clock change pushed it past midnight."""
    day = moment.astimezone(weekly.zone).date()
    return day - timedelta(days=(day.weekday() - weekly.weekday) % 7)


def latest_slot(weekly: Weekly, now: datetime) -> datetime:
    """The most recent slot at or before `now` (UTC)."""
    day = slot_day(weekly, now)
    slot = _slot_on(weekly, day)
    return slot if slot <= now else _slot_on(weekly, day - timedelta(days=7))


def next_slot(weekly: Weekly, after: datetime) -> datetime:
    """The first slot strictly after `after` (UTC)."""
    day = slot_day(weekly, after)
    slot = _slot_on(weekly, day)
    return slot if slot > after else _slot_on(weekly, day + timedelta(days=7))


def period_key(weekly: Weekly, slot: datetime) -> str:
    """The slot's local date, e.g. '2026-11-30': one post per channel, kind and period."""
    return slot_day(weekly, slot).isoformat()


def week_before(weekly: Weekly, slot: datetime) -> tuple[datetime, datetime]:
    """The seven local days before the slot's day, midnight to midnight, as UTC [start, end)."""
    day = slot_day(weekly, slot)
    start = datetime.combine(day - timedelta(days=7), time(0), tzinfo=weekly.zone)
    end = datetime.combine(day, time(0), tzinfo=weekly.zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def describe_slot(slot: datetime, tz: str) -> str:
    """'Monday 30 Nov, 09:00 Europe/Berlin'."""
    local = slot.astimezone(ZoneInfo(tz))
    return f"{local:%A} {local.day} {local:%b}, {local:%H:%M} {tz}"


def describe_weekly(weekly: Weekly) -> str:
    """'every Monday at 09:00 (Europe/Berlin)'."""
    return f"every {WEEKDAYS[weekly.weekday].capitalize()} at {weekly.at:%H:%M} ({weekly.tz})"
