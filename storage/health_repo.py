"""Can the database still take a write, into the file it was opened on? The check behind /healthz.

A SQLite file deleted or moved while the app runs keeps taking writes (into the open, unlinked
file) that vanish at the next start, so on SQLite the path must still name the file opened first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from storage.conflicts import upsert
from storage.database import Database
from storage.models import HealthProbe

PROBE_TABLE = "health_probe"
PROBE_ROW = 1
UNREACHABLE = "unreachable"
READ_ONLY = "read-only"
DISK_FULL = "disk-full"
WRITE_FAILED = "write-failed"
FILE_MISSING = "file-missing"
FILE_REPLACED = "file-replaced"
_PG_READ_ONLY, _PG_DISK_FULL = "25006", "53100"  # SQLSTATE read_only_sql_transaction, disk_full
FileId = tuple[int, int]  # (st_dev, st_ino)


@dataclass(frozen=True)
class WriteProblem:
    """Why the database cannot take a write: `reason` is one of the codes above, `detail` a
    single line for the log."""

    reason: str
    detail: str


def touch_health_probe(*, session: Session, now: datetime) -> None:
    """Rewrite the probe's one row (creating it the first time)."""
    row = {"id": PROBE_ROW, "checked_at": now}
    session.execute(upsert(session, HealthProbe, row, keys=["id"]))


def sqlite_file(engine: Engine) -> Path | None:
    """The file a SQLite engine opens; None for PostgreSQL and in-memory SQLite."""
    if engine.dialect.name != "sqlite":
        return None
    name = (engine.url.database or "").removeprefix("file:").split("?")[0]
    if name in ("", ":memory:") or engine.url.query.get("mode") == "memory":
        return None
    return Path(name).resolve()


def file_id(path: Path) -> FileId | None:
    """The identity of the file at `path`, or None when nothing (reachable) is there."""
    try:
        stat = path.stat()
    except OSError:  # gone, a folder on the way replaced by a file, or no longer readable
        return None
    return stat.st_dev, stat.st_ino


def _one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {' '.join(str(error).split())}"[:200]


def _has_probe_table(engine: Engine) -> bool:
    try:
        return inspect(engine).has_table(PROBE_TABLE)
    except SQLAlchemyError:
        return True  # unreachable for now: the probe will say so


class WriteProbe:
    """Checks in one short transaction that `database` takes a write and, on SQLite, that its
    path still names the file it opened. A schema without the probe's table (never migrated)
    is only asked `SELECT 1`."""

    def __init__(self, database: Database) -> None:
        """Note which file the database has open now (the app migrated it just before)."""
        self._database = database
        self._has_table = _has_probe_table(database.engine)  # on SQLite this opens the file
        self._path = sqlite_file(database.engine)
        self._opened = None if self._path is None else file_id(self._path)

    def problem(self, *, now: datetime) -> WriteProblem | None:
        """None when a write went through; otherwise why the database cannot take one."""
        problem = self._file_problem()
        if problem is None and self._has_table:
            problem = self._write(now)
        elif problem is None and not self._database.is_healthy():
            problem = WriteProblem(UNREACHABLE, "the database did not answer SELECT 1")
        return problem

    def _file_problem(self) -> WriteProblem | None:
        if self._path is None:
            return None
        current = file_id(self._path)
        if current is None:
            return WriteProblem(FILE_MISSING, f"no database file at {self._path}")
        if self._opened is None:
            self._opened = current
        if current != self._opened:
            return WriteProblem(FILE_REPLACED, f"{self._path} is not the file opened at start")
        return None

    def _write(self, now: datetime) -> WriteProblem | None:
        try:
            with self._database.transaction() as session:
                touch_health_probe(session=session, now=now)
        except SQLAlchemyError as error:
            return self._classify(error)
        return None

    def _classify(self, error: SQLAlchemyError) -> WriteProblem:
        cause: BaseException = getattr(error, "orig", None) or error
        code = str(getattr(cause, "sqlstate", None) or getattr(cause, "sqlite_errorname", ""))
        if code == _PG_READ_ONLY or code.startswith("SQLITE_READONLY"):
            reason = READ_ONLY
        elif code in (_PG_DISK_FULL, "SQLITE_FULL"):
            reason = DISK_FULL
        else:
            reason = WRITE_FAILED if self._database.is_healthy() else UNREACHABLE
        return WriteProblem(reason, _one_line(cause))
