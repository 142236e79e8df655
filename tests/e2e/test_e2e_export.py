"""End to end: `/kudos export` sends a file by DM (files upload v2) to admins and HR only."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select, update

from bot.domain.permissions import Role
from storage.kudos_repo import add_kudos
from storage.models import ExportLog, Kudos
from storage.roles_repo import grant_role
from storage.values_repo import ensure_workspace, find_value
from tests.support.e2e import Workspace
from tests.support.export_seed import FORMULA

RANGE = "2026-11-01..2026-11-30"


def _seed(ws: Workspace, team_id: str, *, private_giver: str = "UB") -> None:
    day = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    with ws.stack.database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=day)
        value = find_value(session=session, team_id=team_id, typed="empathy")
        assert value is not None and value.id is not None
        for key, giver, receiver, message in [
            ("a", "UA", "UB", FORMULA),
            ("b", private_giver, "UA", "a private thank-you for the late night"),
            ("c", "UA", "UB", "outside the range, in October"),
        ]:
            add_kudos(
                session=session, team_id=team_id, giver_id=giver, receiver_ids=[receiver],
                value_id=value.id, message=message, channel_id="C1", request_key=key,
                created_at=day.replace(month=10) if key == "c" else day,
            )  # fmt: skip
        session.execute(update(Kudos).where(col(Kudos.request_key) == "b").values(is_private=True))


def _grant_hr(ws: Workspace, user_id: str) -> None:
    with ws.stack.database.transaction() as session:
        ensure_workspace(session=session, team_id=ws.team_id, now=datetime.now(UTC))
        grant_role(
            session=session, team_id=ws.team_id, user_id=user_id, role=Role.HR,
            granted_by="UADMIN", now=datetime.now(UTC),
        )  # fmt: skip


def _log(ws: Workspace) -> list[ExportLog]:
    with ws.stack.database.transaction() as session:
        query = select(ExportLog).where(ExportLog.team_id == ws.team_id)
        return list(session.exec(query).all())


def test_hr_gets_the_csv_by_dm_with_names_and_private_marks(ws: Workspace) -> None:
    ws.stack.slack.add_user("UA", name="ana")
    ws.stack.slack.add_user("UB", name="ben")
    _seed(ws, ws.team_id)
    _seed(ws, "TOTHER")
    _grant_hr(ws, "UHR")
    ws.command(f"export {RANGE}", "hr", user_id="UHR")
    assert ws.reply("hr")["text"] == (
        ":white_check_mark: Sent you a DM with 2 kudos from 2026-11-01..2026-11-30 as CSV."
    )
    [opened] = ws.stack.slack.calls_to("conversations.open")
    assert opened.params["users"] == "UHR"
    [upload] = ws.stack.slack.uploaded_files
    assert upload.channel_id == "DUHR"
    assert upload.filename == f"kudos-{ws.team_id}-2026-11-01-to-2026-11-30.csv"
    assert upload.initial_comment is not None and "2 kudos" in upload.initial_comment
    assert upload.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(upload.content.decode("utf-8-sig"))))
    assert {r["team_id"] for r in rows} == {ws.team_id}
    assert [(r["giver_name"], r["receiver_name"]) for r in rows] == [("ana", "ben"), ("ben", "ana")]
    assert [r["message"][:1] for r in rows] == ["'", "a"]
    assert [r["private"] for r in rows] == ["false", "true"]
    [entry] = _log(ws)
    assert (entry.requested_by, entry.format, entry.row_count) == ("UHR", "csv", 2)
    assert entry.range_start == datetime(2026, 11, 1, tzinfo=UTC)


def test_workspace_admins_may_export_json(ws: Workspace) -> None:
    ws.stack.slack.add_user("UOWNER", is_owner=True)
    _seed(ws, ws.team_id)
    ws.command(f"export json {RANGE}", "owner", user_id="UOWNER")
    assert ws.reply("owner")["text"].startswith(":white_check_mark: Sent you a DM with 2 kudos")
    [upload] = ws.stack.slack.uploaded_files
    assert upload.filename.endswith(".json") and upload.channel_id == "DUOWNER"
    rows = json.loads(upload.content)
    assert [r["private"] for r in rows] == [False, True]


@pytest.mark.parametrize("text", ["export", "export last-week json", "export log"])
def test_everyone_else_is_refused_privately(ws: Workspace, text: str) -> None:
    ws.stack.slack.add_user("UPLAIN")
    _seed(ws, ws.team_id)
    ws.command(text, "plain", user_id="UPLAIN")
    reply = ws.reply("plain")
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith(":no_entry: Only workspace admins and owners")
    assert ws.stack.slack.uploaded_files == []
    assert _log(ws) == []


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ("yesterday", "Unknown range 'yesterday'"),
        ("2026-11-31..2026-12-31", "Start date 2026-11-31 is not a calendar date"),
        ("2026-12-01..2026-11-01", "Start date 2026-12-01 is after end date 2026-11-01"),
        ("2026-11..2026-12", "Start date must be a date like 2026-01-31, not '2026-11'"),
        ("last-week last-month", "I didn't understand 'last-month'"),
        ("xlsx", "Unknown range 'xlsx'"),
        ("0000-01-01..9999-12-31", "Start date 0000-01-01 is not a calendar date"),
        ("2026-01-01..10000-01-01", "End date must be a date like 2026-01-31, not '10000-01-01'"),
    ],
)
def test_bad_ranges_are_explained_privately(ws: Workspace, args: str, reason: str) -> None:
    _grant_hr(ws, "UHR2")
    ws.command(f"export {args}", "bad", user_id="UHR2")
    text = ws.reply("bad")["text"]
    assert text.startswith(f":warning: {reason}. Usage: `/kudos export [last-week|")
    assert ws.stack.slack.uploaded_files == []
    assert _log(ws) == []


def test_the_widest_range_a_date_can_hold_exports_everything(ws: Workspace) -> None:
    _grant_hr(ws, "UHR6")
    _seed(ws, ws.team_id)
    ws.command("export 0001-01-01..9999-12-31 json", "widest", user_id="UHR6")
    assert ws.reply("widest")["text"] == (
        ":white_check_mark: Sent you a DM with 3 kudos from 0001-01-01..9999-12-31 as JSON."
    )
    [upload] = ws.stack.slack.uploaded_files
    assert upload.filename == f"kudos-{ws.team_id}-0001-01-01-to-9999-12-31.json"
    assert len(json.loads(upload.content)) == 3
    [entry] = _log(ws)
    assert (entry.range_start, entry.range_end, entry.row_count) == (None, None, 3)
    ws.command("export log", "widest-log", user_id="UHR6")
    assert "exported 3 rows (all time, kudos, json)" in ws.reply("widest-log")["text"]


@pytest.mark.parametrize(
    "args", ["0001-01-01..0001-01-01", "0001-01-02..0001-01-07", "9999-12-25..9999-12-31"]
)
def test_empty_ranges_at_the_calendars_edges_get_an_answer(ws: Workspace, args: str) -> None:
    _grant_hr(ws, "UHR7")
    _seed(ws, ws.team_id)
    ws.command(f"export {args}", "edge", user_id="UHR7")
    assert ws.reply("edge")["text"] == (
        f"No kudos from {args} in this workspace, so there is no file to send."
    )
    assert ws.stack.slack.uploaded_files == []


def test_a_refused_upload_is_explained_and_not_logged(ws: Workspace) -> None:
    _grant_hr(ws, "UHR3")
    _seed(ws, ws.team_id)
    ws.stack.slack.fail("files.completeUploadExternal", "file_type_not_allowed", times=1)
    ws.command(f"export {RANGE}", "refused", user_id="UHR3")
    assert "`file_type_not_allowed`" in ws.reply("refused")["text"]
    assert _log(ws) == []


def test_the_export_log_lists_this_workspaces_exports(ws: Workspace) -> None:
    _grant_hr(ws, "UHR4")
    _seed(ws, ws.team_id)
    ws.command(f"export {RANGE} json", "first", user_id="UHR4")
    ws.reply("first")
    ws.command("export log", "log", user_id="UHR4")
    text = ws.reply("log")["text"]
    assert text.startswith("*Recent exports* (newest first):\n• ")
    assert "<@UHR4> exported 2 rows (2026-11-01..2026-11-30, kudos, json)" in text


def test_an_empty_range_sends_no_file(ws: Workspace) -> None:
    _grant_hr(ws, "UHR5")
    _seed(ws, ws.team_id)
    ws.command("export 2020-01-01..2020-12-31", "empty", user_id="UHR5")
    assert ws.reply("empty")["text"] == (
        "No kudos from 2020-01-01..2020-12-31 in this workspace, so there is no file to send."
    )
    assert ws.stack.slack.calls_to("files.getUploadURLExternal") == []
    assert _log(ws) == []
