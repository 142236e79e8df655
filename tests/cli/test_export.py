"""`kudos-bot export` in process, on both backends: formats, filters, summary, errors, log."""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.cli.export import add_export_parser, run_export
from bot.domain.export_format import ExportFormat
from bot.services.export import ExportRequest, atomic_text_file, write_export
from storage.database import Database
from storage.kudos_repo import add_kudos
from storage.models import ExportLog
from storage.values_repo import find_value
from tests.support.export_seed import FORMULA, seed_kudos

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kudos-bot")
    add_export_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["export", *argv])


def _export(database: Database, argv: list[str]) -> int:
    return run_export(_args(argv), lambda: database, lambda: NOW)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def seeded(database: Database) -> Database:
    seed_kudos(database)
    return database


def test_csv_has_a_header_iso_utc_times_the_private_flag_and_no_formulas(
    seeded: Database, tmp_path: Path
) -> None:
    out = tmp_path / "kudos.csv"
    assert _export(seeded, ["--format", "csv", "--team", "T1", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(out)
    assert list(rows[0]) == [
        "id", "act_id", "team_id", "created_at", "giver_id", "receiver_id",
        "value", "value_name", "message", "channel_id", "private",
    ]  # fmt: skip
    assert [(r["giver_id"], r["receiver_id"]) for r in rows] == [
        ("UG", "UA"), ("UG", "UB"), ("UA", "UG"), ("UB", "UA"),
    ]  # fmt: skip
    assert rows[0]["created_at"] == "2026-11-03T08:30:00Z"
    assert rows[0]["message"] == 'said "thanks" & meant it <3'
    assert rows[2]["message"] == "'" + FORMULA
    assert rows[3]["message"] == "'-1 bugs after the release, well done"
    assert [r["private"] for r in rows] == ["false", "false", "false", "true"]
    assert rows[0]["value_name"] == "Empathy"


def test_excel_option_writes_a_utf8_bom(seeded: Database, tmp_path: Path) -> None:
    out = tmp_path / "kudos.csv"
    assert _export(seeded, ["--format", "csv", "--excel", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,act_id,")


def test_json_keeps_text_exact_and_jsonl_has_one_object_per_line(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _export(seeded, ["--format", "json", "--team", "T1"]) == 0
    array = json.loads(capsys.readouterr().out)
    assert _export(seeded, ["--format", "jsonl", "--team", "T1"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert array == lines
    assert lines[2]["message"] == FORMULA
    assert [r["private"] for r in lines] == [False, False, False, True]
    assert lines[0]["created_at"] == "2026-11-03T08:30:00Z"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--team", "T2"], [("UX", "UY")]),
        (["--team", "T1", "--since", "2026-11-10"], [("UA", "UG"), ("UB", "UA")]),
        (["--team", "T1", "--until", "2026-11-10"], [("UG", "UA"), ("UG", "UB"), ("UA", "UG")]),
        (["--since", "2026-11-10", "--until", "2026-11-10"], [("UA", "UG"), ("UX", "UY")]),
        (["--team", "T1", "--value", "Empathy"], [("UG", "UA"), ("UG", "UB"), ("UB", "UA")]),
        (["--team", "T1", "--user", "UB"], [("UG", "UB"), ("UB", "UA")]),
        (["--since", "2026-12-01"], []),
        (
            ["--team", "T1", "--since", "0001-01-01", "--until", "9999-12-31"],
            [("UG", "UA"), ("UG", "UB"), ("UA", "UG"), ("UB", "UA")],
        ),
        (["--until", "0001-01-01"], []),
        (["--since", "9999-12-31"], []),
        (["--since", "9999-12-30", "--until", "9999-12-30"], []),
    ],
)
@pytest.mark.parametrize("export_format", ["jsonl", "csv"])
def test_filters(
    seeded: Database,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    expected: list[tuple[str, str]],
    export_format: str,
) -> None:
    assert _export(seeded, ["--format", export_format, *argv]) == 0
    out = capsys.readouterr().out
    if export_format == "csv":
        rows: list[dict[str, str]] = list(csv.DictReader(io.StringIO(out, newline="")))
    else:
        rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["giver_id"], r["receiver_id"]) for r in rows] == expected


def test_summary_counts_per_person(seeded: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert _export(seeded, ["--format", "csv", "--summary", "--team", "T1"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_user = {r["user_id"]: r for r in rows}
    assert list(by_user) == ["UA", "UB", "UG"]
    assert list(rows[0])[:5] == [
        "team_id", "user_id", "kudos_received", "kudos_given", "people_thanked"
    ]  # fmt: skip
    counts = {
        u: (r["kudos_received"], r["kudos_given"], r["people_thanked"]) for u, r in by_user.items()
    }
    assert counts == {"UA": ("2", "1", "1"), "UB": ("1", "1", "1"), "UG": ("1", "1", "2")}
    assert by_user["UA"]["received_empathy"] == "2"
    assert by_user["UG"]["received_respect"] == "1"
    assert by_user["UG"]["received_empathy"] == "0"


def test_every_cli_export_is_logged(seeded: Database, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--format", "jsonl", "--team", "T1", "--since", "2026-11-01", "--until", "2026-11-15"]
    assert _export(seeded, argv) == 0
    capsys.readouterr()
    with seeded.transaction() as session:
        (entry,) = session.exec(select(ExportLog)).all()
    assert (entry.requested_by, entry.team_id, entry.format, entry.row_count) == (
        "cli", "T1", "jsonl", 3,
    )  # fmt: skip
    assert entry.requested_at == NOW
    assert entry.range_start == datetime(2026, 11, 1, tzinfo=UTC)
    assert entry.range_end == datetime(2026, 11, 16, tzinfo=UTC)


def test_an_export_of_every_representable_day_is_logged_as_all_time(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _export(seeded, ["--since", "0001-01-01", "--until", "9999-12-31"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 5
    with seeded.transaction() as session:
        (entry,) = session.exec(select(ExportLog)).all()
    assert (entry.range_start, entry.range_end, entry.row_count) == (None, None, 5)


BAD_REQUESTS: list[tuple[list[str], str]] = [
    (["--since", "yesterday"], "--since must be a date like 2026-01-31, not 'yesterday'"),
    (["--until", "2026-02-30"], "--until 2026-02-30 is not a calendar date"),
    (["--since", "2026-11-20", "--until", "2026-11-01"], "--since 2026-11-20 is after --until"),
    (["--since", "20261101"], "--since must be a date like 2026-01-31"),
    (["--value", "kindness"], "no company value matches 'kindness'"),
    (["--format", "json", "--excel"], "--excel only applies to --format csv"),
    (["--until", "0000-12-31"], "--until 0000-12-31 is not a calendar date"),
    (["--since", "10000-01-01"], "--since must be a date like 2026-01-31, not '10000-01-01'"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_REQUESTS)
def test_bad_requests_say_why_exit_2_and_leave_no_file(
    seeded: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "kudos.csv"
    assert _export(seeded, ["--out", str(out), *argv]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith("kudos-bot export: ")
    assert message in line
    assert list(folder.iterdir()) == []
    with seeded.transaction() as session:
        assert session.exec(select(ExportLog)).all() == []


def test_out_in_a_missing_directory_is_refused(
    seeded: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _export(seeded, ["--out", str(tmp_path / "nowhere" / "k.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_failure_while_writing_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "kudos.csv"
    target.write_text("the previous export\n")

    def fail_midway() -> Any:
        with atomic_text_file(target) as out:
            out.write("id,act_id\n1,a\n")
            raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        fail_midway()
    assert [p.name for p in tmp_path.iterdir()] == ["kudos.csv"]
    assert target.read_text() == "the previous export\n"


def test_database_rendered_csv_matches_the_csv_module(database: Database) -> None:
    """CSV lines built by the database read back exactly like the csv module's own rows."""
    seed_kudos(database)
    awkward = 'line one\nline "two", with a comma\r\n=and a formula'
    escaped = "Q&amp;A went &lt;3 &amp;lt;fine&amp;gt; <@UANA>"  # stored as Slack escapes it
    with database.transaction() as session:
        value = find_value(session=session, team_id="T1", typed="respect")
        assert value is not None and value.id is not None
        add_kudos(
            session=session, team_id="T1", giver_id="UQ", receiver_ids=["UR"],
            value_id=value.id, message=awkward, channel_id=None, request_key="odd",
            created_at=datetime(2026, 11, 12, 7, 5, 9, 250, tzinfo=UTC),
        )  # fmt: skip
        add_kudos(
            session=session, team_id="T1", giver_id="UE", receiver_ids=["UR"],
            value_id=value.id, message=escaped, channel_id=None, request_key="esc",
            created_at=datetime(2026, 11, 12, 7, 6, tzinfo=UTC),
        )  # fmt: skip
    request = ExportRequest(export_format=ExportFormat.CSV, team_id="T1")
    by_database, by_python = io.StringIO(newline=""), io.StringIO(newline="")
    with database.transaction() as session:
        write_export(session=session, request=request, out=by_database)
        write_export(session=session, request=request, out=by_python, names=str.lower)
    ours = list(csv.DictReader(io.StringIO(by_database.getvalue(), newline="")))
    reference = list(csv.DictReader(io.StringIO(by_python.getvalue(), newline="")))
    for row in reference:
        assert row.pop("giver_name") == row["giver_id"].lower()
        assert row.pop("receiver_name") == row["receiver_id"].lower()
    assert ours == reference
    odd = next(r for r in ours if r["giver_id"] == "UQ")
    assert odd["created_at"] == "2026-11-12T07:05:09.000250Z"
    assert odd["message"] == awkward
    typed = next(r for r in ours if r["giver_id"] == "UE")
    assert typed["message"] == "Q&A went <3 &lt;fine&gt; <@UANA>"  # as typed: escaping undone
    assert (odd["channel_id"], odd["private"]) == ("", "false")


def test_a_display_name_with_a_carriage_return_stays_in_its_cell(seeded: Database) -> None:
    """A lone carriage return in a name is quoted: no spreadsheet starts a row there."""
    request = ExportRequest(export_format=ExportFormat.CSV, team_id="T1")
    out = io.StringIO(newline="")
    with seeded.transaction() as session:
        count = write_export(session=session, request=request, out=out, names=lambda u: "Ana\r=1+1")
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert len(rows) == count == 4
    assert {(r["giver_name"], r["receiver_name"]) for r in rows} == {("Ana\r=1+1", "Ana\r=1+1")}
