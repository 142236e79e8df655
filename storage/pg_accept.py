"""The intake's insert on PostgreSQL: one prepared statement sent through the driver itself.

The intake's insert is the one write on the path of every ack. Through SQLAlchemy it costs about
three times the CPU of the statement itself (session, compiled-statement cache, one bind
processing per value and row); here the rows travel as arrays (`unnest`) in the binary format
(the text format escapes every character), so a batch of any size is one statement with eight
parameters, prepared once per connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bot.domain.tasks import NewTask, TaskStatus

_ACCEPT = """
INSERT INTO task (key, kind, klass, team_id, payload, status, lane, run_at, attempts,
                  parent_id, waiting, settled, rerun, created_at, updated_at)
SELECT key, kind, klass, team_id, payload, %(queued)s, lane, run_at, 0,
       NULL, 0, settled, false, %(now)s, %(now)s
FROM unnest(%(key)b::text[], %(kind)b::text[], %(klass)b::text[], %(team_id)b::text[],
            %(payload)b::text[], %(lane)b::text[], %(run_at)b::timestamptz[],
            %(settled)b::boolean[])
     AS batch(key, kind, klass, team_id, payload, lane, run_at, settled)
ON CONFLICT DO NOTHING
RETURNING key
"""


def _columns(tasks: Sequence[NewTask], now: datetime) -> dict[str, Any]:
    return {
        "queued": TaskStatus.QUEUED.value,
        "now": now.astimezone(UTC),
        "key": [t.key for t in tasks],
        "kind": [t.kind for t in tasks],
        "klass": [t.klass.value for t in tasks],
        "team_id": [t.team_id for t in tasks],
        "payload": [t.payload_json() for t in tasks],
        "lane": [t.lane for t in tasks],
        "run_at": [t.run_at.astimezone(UTC) for t in tasks],
        "settled": [t.settled for t in tasks],
    }


def execute_on_postgres(cursor: Any, tasks: Sequence[NewTask], now: datetime) -> set[str]:
    """Run the accept statement for `tasks` on a psycopg cursor; the keys inserted."""
    if any(t.run_at.tzinfo is None for t in tasks):
        raise ValueError("naive datetime: pass an aware UTC datetime")
    cursor.execute(_ACCEPT, _columns(tasks, now), prepare=True)
    return {str(row[0]) for row in cursor.fetchall()}
