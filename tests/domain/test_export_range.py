"""Export ranges at the calendar's edges and with hostile words: an answer, never an overflow."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.export_range import (
    DateRange,
    ExportRangeError,
    date_range,
    named_range,
    slack_export_words,
)

TODAY = date(2026, 11, 23)
NAMES = ("--since", "--until")


@pytest.mark.parametrize(
    ("text", "first", "last", "start", "end"),
    [
        ("0001-01-01..9999-12-31", date.min, date.max, None, None),
        ("0001-01-01..0001-01-01", date.min, date.min, None, datetime(1, 1, 2, tzinfo=UTC)),
        ("9999-12-31..9999-12-31", date.max, date.max, datetime(9999, 12, 31, tzinfo=UTC), None),
        (
            "0001-01-02..9999-12-30",
            date(1, 1, 2),
            date(9999, 12, 30),
            datetime(1, 1, 2, tzinfo=UTC),
            datetime(9999, 12, 31, tzinfo=UTC),
        ),
        (
            "2024-02-29..2024-02-29",
            date(2024, 2, 29),
            date(2024, 2, 29),
            datetime(2024, 2, 29, tzinfo=UTC),
            datetime(2024, 3, 1, tzinfo=UTC),
        ),
    ],
)
def test_ranges_at_the_calendars_edges_are_open_on_that_side(
    text: str, first: date, last: date, start: datetime | None, end: datetime | None
) -> None:
    dates = named_range(text, TODAY)
    assert (dates.first, dates.last) == (first, last)
    assert (dates.start, dates.end) == (start, end)
    assert dates.label() == f"{first}..{last}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0000-01-01..2026-01-01", "start date 0000-01-01 is not a calendar date"),
        ("2026-01-01..10000-01-01", "end date must be a date like 2026-01-31, not '10000-01-01'"),
        ("2026-01-01..9999-12-32", "end date 9999-12-32 is not a calendar date"),
        ("9999-12-31..0001-01-01", "start date 9999-12-31 is after end date 0001-01-01"),
        ("-001-01-01..2026-01-01", "start date must be a date like 2026-01-31, not '-001-01-01'"),
        ("٢٠٢٦-٠١-٠١..2026-01-02", "start date must be a date like 2026-01-31"),
        ("2026-01-01..", "end date must be a date like 2026-01-31, not ''"),
        ("..2026-01-01", "start date must be a date like 2026-01-31, not ''"),
        ("..", "start date must be a date like 2026-01-31, not ''"),
        ("2026-01-01..2026-01-02..2026-01-03", "end date must be a date like 2026-01-31"),
        ("x" * 500, "unknown range 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"),
        ("last-century", "unknown range 'last-century'"),
    ],
)
def test_bad_ranges_say_what_was_wrong(text: str, message: str) -> None:
    with pytest.raises(ExportRangeError) as raised:
        named_range(text, TODAY)
    assert str(raised.value).startswith(message)
    assert len(str(raised.value)) < 120


@pytest.mark.parametrize(
    ("word", "today", "expected"),
    [
        ("last-week", date(1, 1, 5), "there is no last-week before 0001-01-05"),
        ("last-month", date(1, 1, 31), "there is no last-month before 0001-01-31"),
        ("LAST-QUARTER", date(1, 3, 31), "there is no last-quarter before 0001-03-31"),
    ],
)
def test_calendar_periods_before_the_first_day_are_refused(
    word: str, today: date, expected: str
) -> None:
    with pytest.raises(ExportRangeError, match=f"^{expected}$"):
        named_range(word, today)


@pytest.mark.parametrize(
    ("word", "today", "first", "last"),
    [
        ("last-week", date(1, 1, 8), date(1, 1, 1), date(1, 1, 7)),
        ("last-month", date(1, 2, 1), date(1, 1, 1), date(1, 1, 31)),
        ("last-quarter", date.max, date(9999, 7, 1), date(9999, 9, 30)),
        ("last-week", date.max, date(9999, 12, 20), date(9999, 12, 26)),
    ],
)
def test_calendar_periods_next_to_the_edges(
    word: str, today: date, first: date, last: date
) -> None:
    dates = named_range(word, today)
    assert dates == DateRange(first, last)
    assert dates.end is not None and dates.end.date() == date.fromordinal(last.toordinal() + 1)


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("0001-01-01", "9999-12-31", DateRange(date.min, date.max)),
        (None, "9999-12-31", DateRange(None, date.max)),
        ("0001-01-01", None, DateRange(date.min, None)),
        (None, None, DateRange()),
    ],
)
def test_command_line_ranges_take_every_representable_day(
    since: str | None, until: str | None, expected: DateRange
) -> None:
    dates = date_range(since, until, names=NAMES)
    assert dates == expected
    assert (dates.start, dates.end) == (None, None)


def test_slack_words_with_an_edge_range_and_a_format() -> None:
    dates, word = slack_export_words("json 0001-01-01..9999-12-31", TODAY)
    assert (dates, word) == (DateRange(date.min, date.max), "json")
    assert DateRange.covering(dates.start, dates.end).label() == "all time"


def test_a_long_word_is_echoed_cut_short() -> None:
    with pytest.raises(ExportRangeError) as raised:
        slack_export_words("last-week " + "y" * 3000, TODAY)
    assert str(raised.value) == f"I didn't understand '{'y' * 39}…'"
