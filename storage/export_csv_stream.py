"""Finished CSV text for exports, produced by the database: COPY on PostgreSQL, SQL on SQLite."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection
from sqlalchemy import select as sa_select
from sqlmodel import Session

from storage import export_cells
from storage.export_query import (
    FREE_TEXT,
    STREAM_BATCH,
    ExportFilter,
    export_columns,
    ordered_query,
)


class CsvRows:
    """The CSV rows (no header) of the kudos `where` covers, as text chunks; memory stays flat.

    Iterate once; afterwards `count` says how many rows were written.
    """

    def __init__(self, *, session: Session, where: ExportFilter) -> None:
        """Prepare (nothing runs until iteration)."""
        self._session = session
        self._where = where
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        """Chunks of finished CSV lines ('\\n'-terminated, RFC 4180 quoting)."""
        connection = self._session.connection()
        if connection.dialect.name == "postgresql":
            return self._copy(connection)
        return self._select(connection)

    def _copy(self, connection: Connection) -> Iterator[str]:
        """COPY (SELECT cells) TO STDOUT: PostgreSQL formats and quotes, in C, as it streams."""
        cells = export_columns("postgresql", csv_cells=True)
        query = ordered_query(sa_select(*cells), self._where)
        compiled = query.compile(
            dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
        )
        decoder = codecs.getincrementaldecoder("utf-8")()
        driver: Any = connection.connection.driver_connection  # the psycopg connection
        with driver.cursor() as cursor:
            statement = f"COPY ({compiled}) TO STDOUT WITH (FORMAT csv)"
            with cursor.copy(statement, compiled.params) as copy:
                pending: list[Any] = []  # COPY sends a row per message: decode many at once
                for row in copy:
                    pending.append(row)
                    if len(pending) == STREAM_BATCH:
                        yield decoder.decode(b"".join(pending))
                        pending.clear()
            yield decoder.decode(b"".join(pending), final=True)
            self.count = cursor.rowcount

    def _select(self, connection: Connection) -> Iterator[str]:
        """One finished line per row, concatenated and quoted by SQLite; fetched in batches."""
        cells = export_cells.csv_line(
            [
                (cell, i in FREE_TEXT)
                for i, cell in enumerate(export_columns("sqlite", csv_cells=True))
            ]
        )
        query = ordered_query(sa_select(cells), self._where)
        result = connection.execute(query)
        try:
            # Plain text rows need no processing: read SQLite's cursor (it steps lazily).
            cursor = result.cursor
            while rows := cursor.fetchmany(STREAM_BATCH):
                self.count += len(rows)
                yield "".join([row[0] for row in rows])
        finally:
            result.close()
