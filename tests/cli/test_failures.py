"""The one-line explanations of `kudos-bot` failures, for errors hard to cause for real."""

from __future__ import annotations

import errno
import socket
import sqlite3
from urllib.error import URLError

import pytest
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, ProgrammingError

from bot.cli.failures import (
    EXIT_ENVIRONMENT,
    EXIT_INPUT,
    database_line,
    explain,
    report,
    slack_unreachable_line,
    startup_failure,
)
from bot.runtime.startup import StartupError


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device"),
            "cannot write the output: No space left on device. "
            "Free some space, or write elsewhere (--out).",
        ),
        (
            OSError(errno.EDQUOT, "Disk quota exceeded"),
            "cannot write the output: Disk quota exceeded. "
            "Free some space, or write elsewhere (--out).",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/mnt/ro/kudos.csv"),
            "cannot write /mnt/ro/kudos.csv: Read-only file system. Write elsewhere (--out).",
        ),
        (
            PermissionError(errno.EACCES, "Permission denied", "/srv/kudos.csv"),
            "cannot write /srv/kudos.csv: Permission denied. "
            "Check the permissions, or write elsewhere (--out).",
        ),
    ],
)
def test_disk_failures_say_what_to_do(error: OSError, line: str) -> None:
    assert explain(error) == line


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.EBADF, "Bad file descriptor"),
        FileNotFoundError(errno.ENOENT, "No such file or directory", "x"),
        IntegrityError("INSERT …", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
        ProgrammingError("SELECT …", {}, sqlite3.ProgrammingError("no such table")),
        ValueError("a bug"),
    ],
    ids=["EBADF", "ENOENT", "integrity", "programming", "ValueError"],
)
def test_anything_else_is_not_explained_away(error: BaseException) -> None:
    assert explain(error) is None


def test_the_database_password_never_shows() -> None:
    url = "postgresql+psycopg://kudos:s3cr3t-pw@db.internal:5432/kudos"
    error = OperationalError("SELECT 1", {}, Exception("auth failed for s3cr3t-pw\nmore"))
    line = database_line(error, url)
    assert "s3cr3t-pw" not in line
    assert line == (
        "cannot use the database postgresql+psycopg://kudos:***@db.internal:5432/kudos "
        "(auth failed for ***). Check DATABASE_URL and that the server is running and takes "
        "this user and password."
    )


def test_a_long_driver_message_is_cut_short() -> None:
    error = DatabaseError("SELECT 1", {}, sqlite3.DatabaseError("x" * 1000))
    line = database_line(error, "sqlite:///kudos.db")
    assert f"({'x' * 159}…). Check DATABASE_URL" in line


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            URLError(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")),
            "Connection refused",
        ),
        (URLError(socket.gaierror(-2, "Name or service not known")), "Name or service not known"),
        (TimeoutError("timed out"), "timed out"),
        (
            ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"),
            "Connection reset by peer",
        ),
    ],
)
def test_network_failures_name_slack_and_the_reason(error: OSError, reason: str) -> None:
    line = slack_unreachable_line(error, "https://slack.example/api/")
    assert line == (
        f"cannot reach Slack's Web API at https://slack.example/api/ ({reason}). "
        "Check SLACK_API_URL and the network, then run it again."
    )


def test_a_slack_error_answer_names_the_method_and_its_code() -> None:
    class Response(dict[str, object]):
        api_url = "https://slack.com/api/conversations.members"

    error = SlackApiError("no", Response(ok=False, error="channel_not_found"))  # type: ignore[no-untyped-call]
    assert explain(error) == (
        "Slack said 'channel_not_found' to conversations.members. Check the ids you gave, "
        "and the app's token, scopes and channels."
    )


def test_report_masks_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    assert report("token xoxb-123-456-abcdef was refused", 2) == 2
    assert capsys.readouterr().err == "kudos-bot: token [redacted-token] was refused\n"


def _startup_error(cause: BaseException) -> StartupError:
    try:
        try:
            raise cause
        except BaseException:
            raise StartupError("cannot start: see why") from None
    except StartupError as error:
        return error


@pytest.mark.parametrize(
    ("cause", "code"),
    [
        (BoltError("invalid_auth"), EXIT_INPUT),
        (SlackApiError("no", {"error": "invalid_auth"}), EXIT_INPUT),  # type: ignore[no-untyped-call]
        (URLError(ConnectionRefusedError(errno.ECONNREFUSED, "refused")), EXIT_ENVIRONMENT),
        (OperationalError("SELECT 1", {}, Exception("refused")), EXIT_ENVIRONMENT),
    ],
    ids=["bot-token-refused", "app-token-refused", "slack-unreachable", "database-unreachable"],
)
def test_start_up_refusals_exit_by_what_failed_beneath(cause: BaseException, code: int) -> None:
    line, exit_code = startup_failure(_startup_error(cause))
    assert exit_code == code
    if code == EXIT_INPUT:
        assert line == "cannot start: see why"
