"""A failing environment, as an operator meets it: one line on stderr, exit 1, no secrets.

Every command runs as a real process against a database it cannot use (PostgreSQL on a closed
port, an SQLite file of random bytes), Slack on a closed port, a full disk, a closed pipe.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.live_server import free_port

PASSWORD = "hunter2-secret"
TOKEN = "xoxb-1-cli-failure-token"
APP_ENV = {
    "SLACK_BOT_TOKEN": TOKEN,
    "SLACK_SIGNING_SECRET": "signing-secret",
    "PSEUDONYM_SECRET": "p" * 40,
}
COMMANDS = [
    ["db", "upgrade"],
    ["export"],
    ["export", "--format", "csv", "--summary"],
    ["queue"],
    ["queue", "retry", "--failed"],
    ["purge"],
    ["forget-user", "U024BE7LH"],
    ["digest", "--channel", "C1", "--dry-run"],
    ["worker"],
    ["scheduler"],
    ["serve", "--host", "127.0.0.1", "--port", "0"],  # never listens: the database fails first
]


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line on stderr (no traceback, no log lines, no secret)."""
    assert "Traceback" not in result.stderr
    assert PASSWORD not in result.stderr and TOKEN not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("kudos-bot: ")
    return line


def _closed_port() -> int:
    return free_port()  # nothing listens there once free_port has closed it


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_unreachable_postgres_is_one_line_and_exit_1(tmp_path: Path, args: list[str]) -> None:
    url = f"postgres://kudos:{PASSWORD}@127.0.0.1:{_closed_port()}/kudos"
    result = run_cli(args, {**APP_ENV, "DATABASE_URL": url}, tmp_path)
    assert result.returncode == 1
    line = _one_line(result)
    assert line.startswith("kudos-bot: cannot use the database postgresql+psycopg://kudos:***@")
    assert "Connection refused" in line
    assert line.endswith(
        "Check DATABASE_URL and that the server is running and takes this user and password."
    )


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_sqlite_file_of_random_bytes_is_one_line_and_exit_1(
    tmp_path: Path, args: list[str]
) -> None:
    garbage = tmp_path / "kudos.db"
    garbage.write_bytes(os.urandom(8192))
    result = run_cli(args, {**APP_ENV, "DATABASE_URL": f"sqlite:///{garbage}"}, tmp_path)
    assert result.returncode == 1
    assert _one_line(result) == (
        f"kudos-bot: cannot use the database sqlite:///{garbage} (file is not a database). "
        "Check DATABASE_URL and that the file is an SQLite database of this app that this "
        "user may read and write."
    )
    assert garbage.stat().st_size == 8192


def test_an_unreachable_slack_is_one_line_and_exit_1(tmp_path: Path) -> None:
    api = f"http://127.0.0.1:{_closed_port()}/api/"
    env = {**APP_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}", "SLACK_API_URL": api}
    result = run_cli(["digest", "--channel", "C1", "--dry-run"], env, tmp_path)
    assert result.returncode == 1
    assert _one_line(result) == (
        f"kudos-bot: cannot reach Slack's Web API at {api} (Connection refused). "
        "Check SLACK_API_URL and the network, then run it again."
    )
    assert result.stdout == ""


def test_serve_with_an_unreachable_slack_ends_with_that_line_and_exit_1(tmp_path: Path) -> None:
    api = f"http://127.0.0.1:{_closed_port()}/api/"
    env = {**APP_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}", "SLACK_API_URL": api}
    args = ["serve", "--host", "127.0.0.1", "--port", str(_closed_port())]
    result = run_cli(args, {**env, "LOG_LEVEL": "ERROR"}, tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and TOKEN not in result.stderr
    last = result.stderr.splitlines()[-1]  # after the log lines serve writes at LOG_LEVEL
    assert last.startswith(f"kudos-bot: cannot reach Slack's Web API at {api} (")


def _run_into(args: list[str], env: dict[str, str], cwd: Path, stdout: int) -> tuple[int, str]:
    process = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bot.cli", *args],
        env={"PATH": "/usr/bin:/bin", **env},
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )
    return process.returncode, process.stderr


@pytest.mark.parametrize("args", [["export", "--format", "csv"], ["queue"]], ids=" ".join)
def test_a_closed_pipe_is_one_line_and_exit_1(tmp_path: Path, args: list[str]) -> None:
    """`kudos-bot export | head -1`: the reader is gone before the output is written."""
    reader, writer = os.pipe()
    os.close(reader)
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"}
    try:
        code, stderr = _run_into(args, env, tmp_path, writer)
    finally:
        os.close(writer)
    assert code == 1
    assert stderr.splitlines() == [
        "kudos-bot: the output was closed before it was all written "
        "(whatever read it stopped reading)."
    ]


def _full_device(tmp_path: Path) -> Path:
    """A character device like /dev/full (writes fail with ENOSPC), made in tmp_path."""
    node = tmp_path / "full"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return node


FULL_DISK = (
    "kudos-bot: cannot write the output: No space left on device. "
    "Free some space, or write elsewhere (--out)."
)


def test_a_full_disk_on_stdout_is_one_line_and_exit_1(tmp_path: Path) -> None:
    node = _full_device(tmp_path)
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"}
    with node.open("w") as full:
        code, stderr = _run_into(["export", "--format", "csv"], env, tmp_path, full.fileno())
    assert (code, stderr.splitlines()) == (1, [FULL_DISK])


def test_a_full_disk_behind_out_is_one_line_exit_1_and_the_device_stays(tmp_path: Path) -> None:
    node = _full_device(tmp_path)
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"}
    result = run_cli(["export", "--out", str(node)], env, tmp_path)
    assert result.returncode == 1
    assert _one_line(result) == FULL_DISK
    assert stat.S_ISCHR(node.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "k.db"]
