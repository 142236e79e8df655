"""Helpers for sending signed but malformed requests and checking how quietly they were taken:
what the server logged meanwhile, and which tasks were stored."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from storage.database import Database
from tests.support.live_server import LiveServer

LOG_LINE = re.compile(r"^\S+ \S+ (?P<level>[A-Z]+) (?P<rest>.*)$", re.MULTILINE)


@dataclass
class LogSince:
    """What a server logged from some point on (filled in when the `with` block ends)."""

    text: str = ""
    levels: list[tuple[str, str]] = field(default_factory=list)

    def at(self, level: str) -> list[str]:
        """The log lines of one level (their text after the level)."""
        return [rest for found, rest in self.levels if found == level]


@contextmanager
def logged_meanwhile(server: LiveServer) -> Iterator[LogSince]:
    """Collect what `server` logs during the `with` block."""
    start = len(server.log())
    since = LogSince()
    yield since
    since.text = server.log()[start:]
    since.levels = [(m["level"], m["rest"]) for m in LOG_LINE.finditer(since.text)]


@dataclass(frozen=True)
class StoredTask:
    """A row of the task table, as a test looks at it."""

    id: int
    kind: str
    team_id: str | None
    payload: dict[str, Any]


def last_task_id(database: Database) -> int:
    """The id of the newest task (0 for none)."""
    with database.engine.connect() as connection:
        found = connection.execute(text("SELECT max(id) FROM task")).scalar()
    return int(found or 0)


def tasks_after(database: Database, task_id: int) -> list[StoredTask]:
    """Every task stored after the task `task_id`, oldest first."""
    query = text("SELECT id, kind, team_id, payload FROM task WHERE id > :after ORDER BY id")
    with database.engine.connect() as connection:
        rows = connection.execute(query, {"after": task_id}).all()
    return [StoredTask(r.id, r.kind, r.team_id, json.loads(r.payload)) for r in rows]


def with_nested_array(payload: dict[str, Any], depth: int) -> str:
    """`payload` as JSON, its value "NESTED" replaced by `depth` nested arrays around "UANA"
    (written as text: json.dumps itself can't nest that deep)."""
    nested = "[" * depth + '"UANA"' + "]" * depth
    return json.dumps(payload, separators=(",", ":")).replace('"NESTED"', nested, 1)
