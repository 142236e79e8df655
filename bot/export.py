"""Write exports as CSV, JSON or JSON Lines, row by row so memory stays flat."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"
NameLookup = Callable[[str], str]


class ExportFormat(StrEnum):
    """The file formats an export can be written in."""

    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"


def spreadsheet_safe(text: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def utc_iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z suffix."""
    return moment.isoformat().replace("+00:00", "Z")


def kudos_fields(*, with_names: bool) -> list[str]:
    """Column names of a kudos export, in order."""
    people = ["giver_id", "giver_name", "receiver_id", "receiver_name"]
    if not with_names:
        people = ["giver_id", "receiver_id"]
    tail = ["value", "value_name", "message", "channel_id", "private"]
    return ["id", "act_id", "team_id", "created_at", *people, *tail]


def kudos_values(row: Sequence[Any], names: NameLookup | None) -> list[Any]:
    """One kudos (a row in storage.export_query.EXPORT_COLUMNS order) as export values."""
    kudos_id, act_id, team_id, created_at, giver, receiver, *rest = row
    slug, value_name, message, channel_id, private = rest
    people = [giver, receiver]
    if names is not None:
        people = [giver, names(giver), receiver, names(receiver)]
    return [
        kudos_id,
        act_id,
        team_id,
        utc_iso(created_at),
        *people,
        slug,
        value_name,
        message,
        channel_id,
        bool(private),
    ]


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_table(
    header: Sequence[str],
    records: Iterable[Sequence[Any]],
    out: TextIO,
    export_format: ExportFormat,
    *,
    excel: bool = False,
) -> int:
    """Write records (value lists matching `header`) in `export_format`; return how many."""
    if export_format is ExportFormat.CSV:
        return _write_csv(header, records, out, excel=excel)
    if export_format is ExportFormat.JSONL:
        return _write_jsonl(header, records, out)
    return _write_json_array(header, records, out)


def _write_csv(
    header: Sequence[str], records: Iterable[Sequence[Any]], out: TextIO, *, excel: bool
) -> int:
    writer = csv.writer(out)
    if excel:
        out.write(EXCEL_BOM)
    writer.writerow(header)
    count = 0
    for record in records:
        writer.writerow([_csv_cell(value) for value in record])
        count += 1
    return count


def _write_jsonl(header: Sequence[str], records: Iterable[Sequence[Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(dict(zip(header, record, strict=True)), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def _write_json_array(header: Sequence[str], records: Iterable[Sequence[Any]], out: TextIO) -> int:
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(dict(zip(header, record, strict=True)), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
