"""Run one export (CLI or Slack): filter, stream, write, and record it in the export log."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from sqlmodel import Session

from bot.domain.export_format import (
    ExportFormat,
    NameLookup,
    csv_cells,
    kudos_fields,
    kudos_values,
    write_csv_text,
    write_table,
)
from bot.domain.export_range import DateRange
from storage.export_csv_stream import CsvRows
from storage.export_log_repo import record_export
from storage.export_query import (
    ExportFilter,
    matching_value_ids,
    stream_export_rows,
)
from storage.export_summary import PersonSummary, summarize


class ExportError(ValueError):
    """An export that cannot run as asked (an unknown value, …); the message says why."""


@dataclass(frozen=True)
class ExportRequest:
    """What to export and how."""

    export_format: ExportFormat = ExportFormat.CSV
    dates: DateRange = field(default_factory=DateRange)
    team_id: str | None = None
    value: str | None = None
    user_id: str | None = None
    summary: bool = False
    excel: bool = False


def _filter(session: Session, request: ExportRequest) -> ExportFilter:
    value_ids = None
    if request.value is not None:
        value_ids = matching_value_ids(
            session=session, team_id=request.team_id, typed=request.value
        )
        if not value_ids:
            raise ExportError(f"no company value matches {request.value!r}")
    return ExportFilter(
        team_id=request.team_id,
        since=request.dates.start,
        until=request.dates.end,
        value_ids=value_ids,
        user_id=request.user_id,
    )


def _summary_values(person: PersonSummary, slugs: list[str], names: NameLookup | None) -> list[Any]:
    who = [person.team_id, person.user_id]
    if names is not None:
        who.append(names(person.user_id))
    counts = [person.received, person.given, person.people_thanked]
    return [*who, *counts, *(person.received_by_value.get(slug, 0) for slug in slugs)]


def _write_summary(
    session: Session,
    where: ExportFilter,
    request: ExportRequest,
    out: TextIO,
    names: NameLookup | None,
) -> int:
    summary = summarize(session=session, where=where)
    header = ["team_id", "user_id", *(["user_name"] if names is not None else [])]
    header += ["kudos_received", "kudos_given", "people_thanked"]
    header += [f"received_{slug}" for slug in summary.value_slugs]
    records = (_summary_values(p, summary.value_slugs, names) for p in summary.people)
    if request.export_format is ExportFormat.CSV:
        records = (csv_cells(record) for record in records)
    return write_table(header, records, out, request.export_format, excel=request.excel)


def write_export(
    *, session: Session, request: ExportRequest, out: TextIO, names: NameLookup | None = None
) -> int:
    """Write the export to `out`; return its row count. `names` adds display-name columns."""
    where = _filter(session, request)
    if request.summary:
        return _write_summary(session, where, request, out, names)
    for_csv = request.export_format is ExportFormat.CSV
    header = kudos_fields(with_names=names is not None)
    if for_csv and names is None:
        rows = CsvRows(session=session, where=where)
        write_csv_text(header, rows, out, excel=request.excel)
        return rows.count
    cells = stream_export_rows(session=session, where=where, csv_cells=for_csv)
    records = (kudos_values(row, names, for_csv=for_csv) for row in cells)
    return write_table(header, records, out, request.export_format, excel=request.excel)


def log_export(
    *, session: Session, request: ExportRequest, requested_by: str, now: datetime, row_count: int
) -> None:
    """Record who exported what, when, and how many rows."""
    record_export(
        session=session,
        team_id=request.team_id,
        requested_by=requested_by,
        requested_at=now,
        range_start=request.dates.start,
        range_end=request.dates.end,
        format=request.export_format.value,
        summary=request.summary,
        row_count=row_count,
    )


def _refuse_unless_replaceable(path: Path) -> None:
    """Renaming over `path` replaces only a regular file (or nothing), never a link or device."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise ExportError(f"{path} is not a regular file; it was left as it is")


@contextmanager
def atomic_text_file(path: Path) -> Iterator[TextIO]:
    """A UTF-8 file (mode 0600) that replaces `path`, a regular file or nothing, on success."""
    _refuse_unless_replaceable(path)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        with temp.open("w", encoding="utf-8", newline="") as out:
            yield out
        _refuse_unless_replaceable(path)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
