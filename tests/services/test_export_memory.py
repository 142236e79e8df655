"""Exports stream: ten times the rows must not need more memory (tracemalloc, not timing)."""

from __future__ import annotations

import io
import tracemalloc
from datetime import UTC, datetime, timedelta
from typing import TextIO, cast

from sqlalchemy import insert

from bot.domain.export_format import ExportFormat
from bot.services.export import ExportRequest, write_export
from storage.database import Database
from storage.models import Kudos
from storage.values_repo import ensure_workspace, find_value

MESSAGE = "stayed late to get the release out safely, and wrote the runbook for next time " * 3


class _CountingSink(io.TextIOBase):
    """A text stream that only counts what it is given, so the output itself takes no memory."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        """Count and forget."""
        self.chars += len(text)
        return len(text)


def _seed(database: Database, team_id: str, count: int) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=start)
        value = find_value(session=session, team_id=team_id, typed="empathy")
        assert value is not None
        rows = [
            {
                "act_id": f"{team_id}-{i:08d}",
                "team_id": team_id,
                "giver_id": f"UG{i % 97}",
                "receiver_id": f"UR{i % 89}",
                "value_id": value.id,
                "message": MESSAGE,
                "channel_id": "C1",
                "created_at": start + timedelta(seconds=i),
                "request_key": f"{team_id}-{i}",
            }
            for i in range(count)
        ]
        session.execute(insert(Kudos), rows)


def _peak_bytes(database: Database, team_id: str) -> tuple[int, int]:
    sink = _CountingSink()
    request = ExportRequest(export_format=ExportFormat.CSV, team_id=team_id)
    tracemalloc.start()
    try:
        with database.transaction() as session:
            count = write_export(session=session, request=request, out=cast(TextIO, sink))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sink.chars > count * len(MESSAGE)
    return count, peak


def test_export_memory_stays_flat_as_rows_grow(database: Database) -> None:
    _seed(database, "TSMALL", 4_000)
    _seed(database, "TLARGE", 40_000)
    small_rows, small_peak = _peak_bytes(database, "TSMALL")
    large_rows, large_peak = _peak_bytes(database, "TLARGE")
    assert (small_rows, large_rows) == (4_000, 40_000)
    # Holding 40,000 rows (each with a 250-character message) would take well over 10 MB.
    assert large_peak < 1.5 * small_peak + 512 * 1024, (small_peak, large_peak)
    assert large_peak < 8 * 1024 * 1024, large_peak
