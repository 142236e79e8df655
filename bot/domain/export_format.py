"""Write exports as CSV, JSON or JSON Lines, row by row so memory stays flat."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"
LINE_END = "\n"  # what PostgreSQL's COPY writes; Excel and Google Sheets read it
NameLookup = Callable[[str], str]


class ExportFormat(StrEnum):
    """The file formats an export can be written in."""

    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"


def spreadsheet_safe(text: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def kudos_fields(*, with_names: bool) -> list[str]:
    """Column names of a kudos export, in order."""
    people = ["giver_id", "giver_name", "receiver_id", "receiver_name"]
    if not with_names:
        people = ["giver_id", "receiver_id"]
    tail = ["value", "value_name", "message", "channel_id", "private"]
    return ["id", "act_id", "team_id", "created_at", *people, *tail]


def kudos_values(row: Sequence[Any], names: NameLookup | None, *, for_csv: bool) -> list[Any]:
    """One kudos from storage.export_query.stream_export_rows, with display names if given.

    For CSV the row already holds CSV cells and the names are neutralised like them.
    """
    kudos_id, act_id, team_id, created_at, giver, receiver, *rest = row
    people = [giver, receiver]
    if names is not None:
        giver_name, receiver_name = names(giver), names(receiver)
        if for_csv:
            giver_name, receiver_name = (
                spreadsheet_safe(giver_name),
                spreadsheet_safe(receiver_name),
            )
        people = [giver, giver_name, receiver, receiver_name]
    if not for_csv:
        rest[-1] = bool(rest[-1])
    return [kudos_id, act_id, team_id, created_at, *people, *rest]


def csv_cells(values: Sequence[Any]) -> list[Any]:
    """Generic CSV cells: every text neutralised, booleans as words, None as empty."""
    return [_csv_cell(value) for value in values]


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
    """Write records (value lists matching `header`) in `export_format`; return how many.

    CSV records must already be CSV cells (`csv_cells`, or `kudos_values(..., for_csv=True)`).
    """
    if export_format is ExportFormat.CSV:
        return _write_csv(header, records, out, excel=excel)
    if export_format is ExportFormat.JSONL:
        return _write_jsonl(header, records, out)
    return _write_json_array(header, records, out)


def _write_csv(
    header: Sequence[str], records: Iterable[Sequence[Any]], out: TextIO, *, excel: bool
) -> int:
    # The csv module quotes a cell for the line terminator's characters only, so a lone '\r'
    # would go out unquoted and a spreadsheet start a new row there: quote all of such a row.
    writer = csv.writer(out, lineterminator=LINE_END)
    quoting_all = csv.writer(out, lineterminator=LINE_END, quoting=csv.QUOTE_ALL)
    if excel:
        out.write(EXCEL_BOM)
    writer.writerow(header)
    count = 0
    for record in records:
        has_return = any(isinstance(cell, str) and "\r" in cell for cell in record)
        (quoting_all if has_return else writer).writerow(record)
        count += 1
    return count


def write_csv_text(
    header: Sequence[str], chunks: Iterable[str], out: TextIO, *, excel: bool = False
) -> None:
    """Write a header, then CSV rows the database already rendered (text chunks)."""
    if excel:
        out.write(EXCEL_BOM)
    csv.writer(out, lineterminator=LINE_END).writerow(header)
    for chunk in chunks:
        out.write(chunk)


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
