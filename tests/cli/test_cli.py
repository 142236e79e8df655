"""The `kudos-bot` command line, run as a real process with its own environment."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.database import Database
from storage.kudos_repo import add_kudos
from storage.schema import upgrade_schema
from storage.values_repo import ensure_workspace, find_value
from storage.workspaces_repo import mark_uninstalled
from tests.support.cli import run_cli
from tests.support.fake_slack import FakeSlack


def _seed(url: str) -> None:
    database = Database.from_url(url)
    upgrade_schema(database.engine)
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=datetime.now(UTC))
        value = find_value(session=session, team_id="T1", typed="empathy")
        assert value is not None and value.id is not None
        add_kudos(
            session=session,
            team_id="T1",
            giver_id="UG",
            receiver_ids=["UA", "UB"],
            value_id=value.id,
            message='said "thanks" & meant it <3',
            channel_id="C1",
            request_key="t1",
            created_at=datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
        )
    database.dispose()


def test_export_json_prints_every_kudos(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kudos.db'}"
    _seed(url)
    result = run_cli(["export", "--format", "json"], {"DATABASE_URL": url}, tmp_path)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["receiver_id"] for r in rows] == ["UA", "UB"]
    first = rows[0]
    assert {
        "id",
        "team_id",
        "giver_id",
        "receiver_id",
        "value",
        "message",
        "channel_id",
        "created_at",
    } <= first.keys()
    assert first["created_at"] == "2026-11-23T08:00:00Z"
    assert first["value"] == "empathy"
    assert first["message"] == 'said "thanks" & meant it <3'


def test_export_of_an_empty_database_is_an_empty_array(tmp_path: Path) -> None:
    result = run_cli(["export"], {"DATABASE_URL": f"sqlite:///{tmp_path / 'e.db'}"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_db_upgrade(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'u.db'}"}
    result = run_cli(["db", "upgrade"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_missing_variable_is_one_clear_line_not_a_traceback(tmp_path: Path) -> None:
    result = run_cli(["serve"], {"SLACK_SIGNING_SECRET": "abc"}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "kudos-bot: SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token from "
        "OAuth & Permissions (see .env.example)."
    ]


def test_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "abc",
        "DATABASE_URL": "postgres://someone:hunter2@127.0.0.1:1/kudos",
    }
    result = run_cli(["serve"], env, tmp_path)
    assert result.returncode == 1  # the environment failed, not the command
    assert "Traceback" not in result.stderr
    assert "cannot use the database" in result.stderr
    assert "hunter2" not in result.stderr


def test_dotenv_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"DATABASE_URL=sqlite:///{tmp_path / 'dotenv.db'}\n")
    result = run_cli(["db", "upgrade"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "dotenv.db").exists()


def test_socket_mode_is_used_when_an_app_token_is_set(tmp_path: Path) -> None:
    with FakeSlack() as fake:
        fake.set_answer("apps.connections.open", {"ok": False, "error": "invalid_auth"})
        env = {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "abcdefgh",
            "SLACK_APP_TOKEN": "xapp-1-A1-rejected",
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}",
        }
        result = run_cli(["serve"], env, tmp_path)
        opened = fake.calls_to("apps.connections.open")
    assert [call.token for call in opened] == ["xapp-1-A1-rejected"]
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Slack did not accept SLACK_APP_TOKEN (invalid_auth)" in result.stderr
    assert "xapp-1-A1-rejected" not in result.stderr


def test_socket_flag_without_app_token_is_one_clear_line(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "abcdefgh"}
    result = run_cli(["serve", "--socket"], env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("kudos-bot: SLACK_APP_TOKEN is not set")


SECRET_ENV = {"PSEUDONYM_SECRET": "p" * 40}
APP_ENV = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "abc"}


def test_forget_user_reports_what_it_changed_and_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kudos.db'}"
    _seed(url)
    env = {"DATABASE_URL": url, **SECRET_ENV}
    first = run_cli(["forget-user", "UG"], env, tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("T1: UG is now forgotten-")
    assert "  kudos messages they wrote, blanked: 2" in lines
    assert "  kudos.giver_id: 2" in lines
    again = run_cli(["forget-user", "UG", "--team", "T1"], env, tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "UG: nothing to change (never seen, or already forgotten)."
    exported = json.loads(run_cli(["export"], env, tmp_path).stdout)
    assert {r["giver_id"] for r in exported} == {lines[0].rsplit(" ", 1)[1]}
    assert {r["message"] for r in exported} == {""}


def test_forget_user_reaches_a_workspace_that_only_mentions_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kudos.db'}"
    _seed(url)  # UG gives in T1
    database = Database.from_url(url)
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T2", now=datetime.now(UTC))
        value = find_value(session=session, team_id="T2", typed="empathy")
        assert value is not None and value.id is not None
        add_kudos(
            session=session, team_id="T2", giver_id="UX", receiver_ids=["UY"], value_id=value.id,
            message="covered for <@UG|gil> and shipped it", channel_id="C2", request_key="t2",
            created_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        )  # fmt: skip
    database.dispose()
    env = {"DATABASE_URL": url, **SECRET_ENV}
    result = run_cli(["forget-user", "UG"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    t2 = next(line for line in result.stdout.splitlines() if line.startswith("T2: "))
    assert "  mentions of them in others' messages: 1" in result.stdout.splitlines()
    exported = json.loads(run_cli(["export", "--team", "T2"], env, tmp_path).stdout)
    assert [r["message"] for r in exported] == [
        f"covered for <@{t2.rsplit(' ', 1)[1]}> and shipped it"
    ]


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["forget-user", "UG"], {}, "kudos-bot: PSEUDONYM_SECRET is not set"),
        (["forget-user", "UG"], {"PSEUDONYM_SECRET": "short"}, "kudos-bot: PSEUDONYM_SECRET must"),
        (["forget-user", "bob"], SECRET_ENV, "kudos-bot: 'bob' is not a Slack user id"),
        (
            ["purge"],
            {"DATA_RETENTION_DAYS_AFTER_UNINSTALL": "x", **APP_ENV},
            "kudos-bot: DATA_RETENTION",
        ),
    ],
)
def test_stewardship_refusals_are_one_line_and_exit_2(
    tmp_path: Path, args: list[str], env: dict[str, str], expected: str
) -> None:
    url = f"sqlite:///{tmp_path / 'kudos.db'}"
    result = run_cli(args, {"DATABASE_URL": url, **env}, tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(expected)


def test_purge_prints_what_it_deleted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kudos.db'}"
    _seed(url)
    env = {"DATABASE_URL": url, "DATA_RETENTION_DAYS_AFTER_UNINSTALL": "0", **APP_ENV}
    nothing = run_cli(["purge"], env, tmp_path)
    assert nothing.returncode == 0, nothing.stderr
    assert nothing.stdout.strip() == "nothing to purge (retention: 0 days after uninstall)"
    database = Database.from_url(url)
    with database.transaction() as session:
        mark_uninstalled(session=session, team_id="T1", now=datetime(2026, 1, 1, tzinfo=UTC))
    database.dispose()
    purged = run_cli(["purge"], env, tmp_path)
    assert purged.returncode == 0, purged.stderr
    assert purged.stdout.splitlines() == [
        "T1: uninstalled 2026-01-01, 9 rows deleted",
        "  company_value: 6",
        "  kudos: 2",
        "  workspace: 1",
    ]
    assert json.loads(run_cli(["export"], env, tmp_path).stdout) == []


def test_export_to_a_file_in_csv(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kudos.db'}"
    _seed(url)
    out = tmp_path / "kudos.csv"
    args = ["export", "--format", "csv", "--out", str(out)]
    result = run_cli(args, {"DATABASE_URL": url}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == f"wrote 2 rows to {out}"
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("id,act_id,team_id,")


def test_unknown_export_format_is_one_line_and_exit_2(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kudos.db'}"
    result = run_cli(["export", "--format", "xml"], {"DATABASE_URL": url}, tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "invalid choice: 'xml'" in line
    assert line.startswith("kudos-bot export: ")
