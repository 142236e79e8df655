"""Export kudos as JSON, streamed row by row so memory stays flat."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from storage.kudos_repo import KudosRecord


def kudos_as_dict(record: KudosRecord) -> dict[str, Any]:
    """One kudos as a JSON-ready object; times are ISO 8601 in UTC."""
    return {
        "id": record.id,
        "act_id": record.act_id,
        "team_id": record.team_id,
        "giver_id": record.giver_id,
        "receiver_id": record.receiver_id,
        "value": record.value,
        "value_name": record.value_name,
        "message": record.message,
        "channel_id": record.channel_id,
        "created_at": record.created_at.isoformat().replace("+00:00", "Z"),
    }


def write_json_array(records: Iterable[KudosRecord], out: TextIO) -> int:
    """Write records as one JSON array, one object per line; return how many were written."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(kudos_as_dict(record), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
