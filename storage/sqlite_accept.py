"""The intake's insert on SQLite: one statement sent through the driver itself.

The intake's insert is the one write on the path of every ack. Through SQLAlchemy's executemany
it costs about three times the statement's own CPU (session, compiled-statement cache, one bind
processing per value and row), all of it holding the interpreter the acks need. Here a batch
travels as one JSON array that SQLite unpacks itself (`json_each`), so a batch of any size is
one statement with two parameters, and the driver lets go of the interpreter while it runs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bot.domain.tasks import NewTask, TaskStatus

# json_extract (JSON1, in every SQLite Python ships) rather than ->> (3.38+); `WHERE true`:
# SQLite's parser needs it between a SELECT and its ON CONFLICT clause.
_ACCEPT = """
INSERT INTO task (key, kind, klass, team_id, payload, status, lane, run_at, attempts,
                  parent_id, waiting, settled, rerun, created_at, updated_at)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
       json_extract(value, '$[3]'), json_extract(value, '$[4]'), :queued,
       json_extract(value, '$[5]'), json_extract(value, '$[6]'), 0, NULL, 0,
       json_extract(value, '$[7]'), 0, :now, :now
FROM json_each(:batch) WHERE true
ON CONFLICT DO NOTHING
RETURNING key
"""


def stored_datetime(value: datetime) -> str:
    """`value` as SQLAlchemy stores a DateTime on SQLite: naive UTC, always with microseconds
    (the column compares as text, so the format must be the ORM's to the character)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC datetime")
    v = value.astimezone(UTC)  # by hand: strftime's %Y does not pad years before 1000
    return (
        f"{v.year:04d}-{v.month:02d}-{v.day:02d} "
        f"{v.hour:02d}:{v.minute:02d}:{v.second:02d}.{v.microsecond:06d}"
    )


def _batch(tasks: Sequence[NewTask]) -> str:
    rows = [
        [
            t.key,
            t.kind,
            t.klass.value,
            t.team_id,
            t.payload_json(),
            t.lane,
            stored_datetime(t.run_at),
            int(t.settled),
        ]
        for t in tasks
    ]
    return json.dumps(rows, separators=(",", ":"), ensure_ascii=False)


def execute_on_sqlite(cursor: Any, tasks: Sequence[NewTask], now: datetime) -> set[str]:
    """Run the accept statement for `tasks` on a sqlite3 cursor; the keys inserted (a NUL in a
    text column would be cut off by json_extract: storage.storable refuses such tasks first)."""
    parameters = {
        "queued": TaskStatus.QUEUED.value,
        "now": stored_datetime(now),
        "batch": _batch(tasks),
    }
    cursor.execute(_ACCEPT, parameters)
    return {str(row[0]) for row in cursor.fetchall()}
