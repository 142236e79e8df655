"""`column IN (values)` for a list of any length, sent as one bind parameter.

An IN list takes one parameter per value, and the drivers have limits: psycopg 3 refuses a
statement with more than 65,535 parameters, and SQLite allows 32,766 by default. A channel's
member list can be longer than either. So the values travel as one array: on PostgreSQL
`column = ANY(:values)`, on SQLite `column IN (SELECT value FROM json_each(:values))` (JSON1 is
in every SQLite Python ships).
"""

from __future__ import annotations

import json
from collections.abc import Collection

from sqlalchemy import String, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session


def is_any_of(
    session: Session, column: Mapped[str], values: Collection[str], *, name: str
) -> ColumnElement[bool]:
    """`column` is one of `values` (any number of them), as one parameter called `name`."""
    ordered = sorted(set(values))
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(name, ordered, type_=ARRAY(String)))
    unpacked = func.json_each(bindparam(name, json.dumps(ordered), type_=String))
    return column.in_(select(unpacked.table_valued("value").c.value))
