"""Pure texts for `/kudos export`: usage, refusals, the confirmation and the export log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain.export_range import DateRange

USAGE = (
    "Usage: `/kudos export [last-week|last-month|last-quarter|YYYY-MM-DD..YYYY-MM-DD] [csv|json]` "
    "(default: last-month as csv; days are UTC), and `/kudos export log` for recent exports."
)
REFUSAL = (
    ":no_entry: Only workspace admins and owners, and people in `/kudos hr`, can export "
    "recognition data or see the export log."
)


def not_understood(reason: str) -> str:
    """A refused `/kudos export …`: what was wrong, and the right form."""
    return f":warning: {reason[:1].upper()}{reason[1:]}. {USAGE}"


def export_filename(team_id: str, dates: DateRange, export_format: str) -> str:
    """'kudos-T123-2026-10-01-to-2026-10-31.csv'."""
    return f"kudos-{team_id}-{dates.first}-to-{dates.last}.{export_format}"


def upload_comment(dates: DateRange, row_count: int) -> str:
    """The message the file arrives with."""
    rows = "1 kudos" if row_count == 1 else f"{row_count} kudos"
    return (
        f"Here is your recognition export: {rows} from {dates.label()} (UTC days), one row "
        "per recipient; private kudos are marked in the `private` column. Handle it with care."
    )


def sent_confirmation(dates: DateRange, row_count: int, export_format: str) -> str:
    """What the person sees in the channel once the file is in their DMs."""
    return (
        f":white_check_mark: Sent you a DM with {row_count} kudos from {dates.label()} "
        f"as {export_format.upper()}."
    )


def nothing_to_send(dates: DateRange) -> str:
    """No kudos in the range: no file is sent."""
    return f"No kudos from {dates.label()} in this workspace, so there is no file to send."


def cannot_upload(code: str) -> str:
    """Slack refused the file."""
    return (
        f":warning: Slack didn't accept the export file (`{code}`). Nothing was sent; "
        "ask your Slack admin whether apps may upload files, then try again."
    )


class LoggedExport(Protocol):
    """One line of the export log, as the log shows it."""

    @property
    def team_id(self) -> str | None: ...

    @property
    def requested_by(self) -> str: ...

    @property
    def requested_at(self) -> datetime: ...

    @property
    def range_start(self) -> datetime | None: ...

    @property
    def range_end(self) -> datetime | None: ...

    @property
    def format(self) -> str: ...

    @property
    def summary(self) -> bool: ...

    @property
    def row_count(self) -> int: ...


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _log_line(entry: LoggedExport) -> str:
    who = "`cli`" if entry.requested_by == "cli" else f"<@{entry.requested_by}>"
    span = DateRange.covering(entry.range_start, entry.range_end).label()
    kind = "summary" if entry.summary else "kudos"
    if entry.team_id is None:
        return f"• {_when(entry.requested_at)}: {who} exported all workspaces ({span}, {kind})"
    return (
        f"• {_when(entry.requested_at)}: {who} exported {entry.row_count} rows "
        f"({span}, {kind}, {entry.format})"
    )


def export_log_text(entries: Sequence[LoggedExport]) -> str:
    """The recent exports, newest first."""
    if not entries:
        return "*Recent exports:* none yet. " + USAGE
    return "*Recent exports* (newest first):\n" + "\n".join(_log_line(e) for e in entries)
