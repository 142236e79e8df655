"""Date ranges for exports: strict ISO dates, and named ranges (last-week, last-month, …).

Every date a `date` can hold is accepted: a range from 0001-01-01 or to 9999-12-31 is open on
that side (nothing came before or after), so no arithmetic at the calendar's edges overflows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHOWN = 40  # characters of a word we could not read, echoed back
NAMED_RANGES = ("last-week", "last-month", "last-quarter")


class ExportRangeError(ValueError):
    """A date or range nobody could export: the message says what was wrong."""


@dataclass(frozen=True)
class DateRange:
    """Whole UTC days from `first` to `last`, both included; None leaves that side open."""

    first: date | None = None
    last: date | None = None

    @property
    def start(self) -> datetime | None:
        """The first instant covered (aware UTC); None from the calendar's first day on."""
        if self.first is None or self.first == date.min:
            return None
        return datetime.combine(self.first, time(), UTC)

    @property
    def end(self) -> datetime | None:
        """The first instant no longer covered (aware UTC); None up to the calendar's last day."""
        if self.last is None or self.last == date.max:
            return None
        return datetime.combine(self.last + timedelta(days=1), time(), UTC)

    @classmethod
    def covering(cls, start: datetime | None, end: datetime | None) -> DateRange:
        """The days from `start` to just before `end` (the inverse of .start and .end)."""
        last = None if end is None else (end - timedelta(days=1)).date()
        return cls(None if start is None else start.date(), last)

    def label(self) -> str:
        """How people read it: '2026-10-01..2026-10-31', 'from 2026-10-01', 'all time'."""
        if self.first is None and self.last is None:
            return "all time"
        if self.last is None:
            return f"from {self.first}"
        if self.first is None:
            return f"until {self.last}"
        return f"{self.first}..{self.last}"


def _shown(text: str) -> str:
    """A word as typed, quoted, and cut short if it is long."""
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")


def parse_date(text: str, what: str) -> date:
    """A YYYY-MM-DD calendar date, or an ExportRangeError naming `what`."""
    if not _ISO_DATE.fullmatch(text):
        raise ExportRangeError(f"{what} must be a date like 2026-01-31, not {_shown(text)}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ExportRangeError(f"{what} {text} is not a calendar date") from None


def date_range(since: str | None, until: str | None, *, names: tuple[str, str]) -> DateRange:
    """Validate both ends (either may be missing); the start may not be after the end."""
    first = None if since is None else parse_date(since, names[0])
    last = None if until is None else parse_date(until, names[1])
    if first is not None and last is not None and first > last:
        raise ExportRangeError(f"{names[0]} {first} is after {names[1]} {last}")
    return DateRange(first, last)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _calendar_period(word: str, today: date) -> DateRange | None:
    """last-week (Mon to Sun), last-month or last-quarter before `today`; None for other words."""
    if word == "last-week":
        monday = today - timedelta(days=today.weekday())
        return DateRange(monday - timedelta(days=7), monday - timedelta(days=1))
    if word == "last-month":
        last = today.replace(day=1) - timedelta(days=1)
        return DateRange(last.replace(day=1), last)
    if word == "last-quarter":
        last = _quarter_start(today) - timedelta(days=1)
        return DateRange(_quarter_start(last), last)
    return None


def named_range(text: str, today: date) -> DateRange:
    """Calendar last-week, last-month, last-quarter, or 'YYYY-MM-DD..YYYY-MM-DD'."""
    word = text.casefold()
    try:
        period = _calendar_period(word, today)
    except OverflowError:  # `today` is in the calendar's first week, month or quarter
        raise ExportRangeError(f"there is no {word} before {today}") from None
    if period is not None:
        return period
    since, dots, until = text.partition("..")
    if not dots:
        raise ExportRangeError(f"unknown range {_shown(text)}")
    return date_range(since, until, names=("start date", "end date"))


def slack_export_words(args: str, today: date) -> tuple[DateRange, str]:
    """`[range] [csv|json]` in any order: the range (default last-month) and the format word."""
    dates: DateRange | None = None
    export_format: str | None = None
    for word in args.split():
        if word.casefold() in ("csv", "json") and export_format is None:
            export_format = word.casefold()
        elif dates is None:
            dates = named_range(word, today)
        else:
            raise ExportRangeError(f"I didn't understand {_shown(word)}")
    return dates or named_range("last-month", today), export_format or "csv"
