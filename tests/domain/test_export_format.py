"""Pure export pieces: formula neutralising, ranges, Slack export words, log texts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from bot.blocks.export import export_log_text
from bot.domain.export_format import ExportFormat, csv_cells, spreadsheet_safe, write_table
from bot.domain.export_range import DateRange, ExportRangeError, named_range, slack_export_words
from storage.models import ExportLog

TODAY = date(2026, 11, 23)  # a Monday in Q4


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2 bugs", "'-2 bugs"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("thanks = great", "thanks = great"),
        ("", ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


@pytest.mark.parametrize(
    "name",
    ["Ana\r=1+1", "\r=1+1", "Ana\r\n=1+1", "Ana\n=1+1", "Ana\r+cmd\r-x", 'Ana "\r" =1'],
)
def test_a_cell_with_a_line_break_stays_one_cell_of_one_row(name: str) -> None:
    out = io.StringIO(newline="")
    header = ["user_id", "user_name", "kudos"]
    assert write_table(header, [csv_cells(["UANA", name, 3])], out, ExportFormat.CSV) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows == [header, ["UANA", spreadsheet_safe(name), "3"]]
    assert not any(cell.startswith(("=", "+", "-")) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("word", "today", "first", "last"),
    [
        ("last-week", TODAY, date(2026, 11, 16), date(2026, 11, 22)),
        ("last-week", date(2026, 11, 29), date(2026, 11, 16), date(2026, 11, 22)),
        ("last-month", TODAY, date(2026, 10, 1), date(2026, 10, 31)),
        ("last-month", date(2026, 3, 1), date(2026, 2, 1), date(2026, 2, 28)),
        ("last-month", date(2026, 1, 15), date(2025, 12, 1), date(2025, 12, 31)),
        ("Last-Quarter", TODAY, date(2026, 7, 1), date(2026, 9, 30)),
        ("last-quarter", date(2026, 2, 10), date(2025, 10, 1), date(2025, 12, 31)),
        ("2026-01-01..2026-01-01", TODAY, date(2026, 1, 1), date(2026, 1, 1)),
    ],
)
def test_named_ranges_are_whole_calendar_periods(
    word: str, today: date, first: date, last: date
) -> None:
    assert named_range(word, today) == DateRange(first, last)


def test_a_range_covers_whole_utc_days() -> None:
    dates = DateRange(date(2026, 10, 1), date(2026, 10, 31))
    assert dates.start == datetime(2026, 10, 1, tzinfo=UTC)
    assert dates.end == datetime(2026, 11, 1, tzinfo=UTC)
    assert DateRange.covering(dates.start, dates.end) == dates
    assert DateRange().label() == "all time"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", (DateRange(date(2026, 10, 1), date(2026, 10, 31)), "csv")),
        ("JSON", (DateRange(date(2026, 10, 1), date(2026, 10, 31)), "json")),
        ("json last-week", (DateRange(date(2026, 11, 16), date(2026, 11, 22)), "json")),
    ],
)
def test_slack_export_words(args: str, expected: tuple[DateRange, str]) -> None:
    assert slack_export_words(args, TODAY) == expected


@pytest.mark.parametrize("args", ["csv json", "last-week last-week", "2026-1-1..2026-02-01"])
def test_bad_slack_export_words(args: str) -> None:
    with pytest.raises(ExportRangeError):
        slack_export_words(args, TODAY)


def test_export_log_text_hides_counts_of_exports_that_spanned_every_workspace() -> None:
    at = datetime(2026, 11, 23, 9, 5, tzinfo=UTC)
    entries = [
        ExportLog(team_id="T1", requested_by="UHR", requested_at=at, format="csv", row_count=7),
        ExportLog(team_id=None, requested_by="cli", requested_at=at, format="jsonl", row_count=99),
    ]
    assert export_log_text(entries).splitlines()[1:] == [
        "• 2026-11-23 09:05 UTC: <@UHR> exported 7 rows (all time, kudos, csv)",
        "• 2026-11-23 09:05 UTC: `cli` exported all workspaces (all time, kudos)",
    ]
