"""`kudos-bot export --out PATH` never replaces what is not a regular file, on both backends.

Links are followed to their target (the link stays), character devices and named pipes are
written to directly (they stay), directories, block devices, sockets and link loops are refused.
Every device here is made in tmp_path; no test touches the real /dev.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.export import add_export_parser, run_export
from bot.services.export import ExportError, atomic_text_file
from storage.database import Database
from tests.support.export_seed import seed_kudos

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
HEADER = "id,act_id,team_id,"


def _export(database: Database, out: Path) -> int:
    parser = argparse.ArgumentParser(prog="kudos-bot")
    add_export_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["export", "--format", "csv", "--team", "T1", "--out", str(out)])
    return run_export(args, lambda: database, lambda: NOW)


@pytest.fixture
def seeded(database: Database) -> Database:
    seed_kudos(database)
    return database


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the outputs go, apart from the SQLite files in tmp_path."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def _device(path: Path, kind: int, major: int, minor: int) -> Path:
    try:
        os.mknod(path, 0o600 | kind, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def test_a_symlink_is_written_through_and_stays_a_link(seeded: Database, folder: Path) -> None:
    elsewhere = folder / "archive"
    elsewhere.mkdir()
    target = elsewhere / "q4.csv"
    target.write_text("the previous export\n")
    link = folder / "latest.csv"
    link.symlink_to(target)
    assert _export(seeded, link) == 0
    assert link.is_symlink() and link.readlink() == target
    assert target.read_text(encoding="utf-8").startswith(HEADER)
    assert _names(elsewhere) == ["q4.csv"]  # the temporary file was beside the target
    assert _names(folder) == ["archive", "latest.csv"]


def test_a_dangling_symlink_creates_its_target(seeded: Database, folder: Path) -> None:
    link = folder / "latest.csv"
    link.symlink_to("made-now.csv")
    assert _export(seeded, link) == 0
    assert link.is_symlink()
    assert (folder / "made-now.csv").read_text(encoding="utf-8").startswith(HEADER)


def test_a_named_pipe_is_written_to_and_stays_a_pipe(seeded: Database, folder: Path) -> None:
    fifo = folder / "kudos.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that opening it to write never waits
    try:
        assert _export(seeded, fifo) == 0
        received = os.read(reader, 1 << 20).decode("utf-8")
    finally:
        os.close(reader)
    assert received.startswith(HEADER) and len(received.splitlines()) == 5
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _names(folder) == ["kudos.fifo"]


def test_a_character_device_is_written_to_and_stays_a_device(
    seeded: Database, folder: Path
) -> None:
    null = _device(folder / "null", stat.S_IFCHR, 1, 3)  # what /dev/null is
    link = folder / "to-null"
    link.symlink_to(null)
    assert _export(seeded, null) == 0
    assert _export(seeded, link) == 0
    assert stat.S_ISCHR(null.lstat().st_mode) and link.is_symlink()
    assert _names(folder) == ["null", "to-null"]


def _socket_file(tmp_path: Path) -> Path:
    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG and "too long" not in str(error):
            raise
        pytest.skip("tmp_path is too long for a Unix socket")
    finally:
        server.close()
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: (p / "target").mkdir(), "is a directory; name a file"),
        (lambda p: ((p / "d").mkdir(), (p / "target").symlink_to(p / "d")), "is a directory"),
        (
            lambda p: ((p / "target").symlink_to(p / "o2"), (p / "o2").symlink_to(p / "target")),
            "loop",
        ),
        (lambda p: (p / "target").symlink_to(p / "gone" / "k.csv"), "does not exist"),
        (lambda p: _device(p / "target", stat.S_IFBLK, 7, 0), "is a block device; name a file"),
        (lambda p: _socket_file(p).rename(p / "target"), "is a socket; name a file"),
    ],
    ids=["directory", "link-to-directory", "link-loop", "link-into-nowhere", "block", "socket"],
)
def test_what_cannot_take_an_export_is_refused_and_left_alone(
    seeded: Database,
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], object],
    message: str,
) -> None:
    make(folder)
    out = folder / "target"
    before = {name: (folder / name).lstat() for name in _names(folder)}
    assert _export(seeded, out) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"kudos-bot export: --out {out}") and message in line
    after = {name: (folder / name).lstat() for name in _names(folder)}
    assert {n: (s.st_mode, s.st_ino) for n, s in after.items()} == {
        n: (s.st_mode, s.st_ino) for n, s in before.items()
    }


def test_a_path_that_stops_being_a_file_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "kudos.csv"
    fifo = tmp_path / "elsewhere.fifo"
    os.mkfifo(fifo)

    def swap_midway() -> None:
        with atomic_text_file(target) as out:
            out.write("id,act_id\n")
            target.symlink_to(fifo)  # someone put a link there meanwhile

    with pytest.raises(ExportError, match="is not a regular file; it was left as it is"):
        swap_midway()
    assert target.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _names(tmp_path) == ["elsewhere.fifo", "kudos.csv"]
