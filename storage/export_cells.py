"""Export cells computed by the database, so a million rows need no per-cell Python.

The rules are the ones bot.domain.export_format applies in Python (ISO 8601 UTC times,
neutralised formulas, true/false flags, RFC 4180 quoting, '\n' line ends); tests check that
both give the same table.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, case, cast, func, literal, type_coerce
from sqlmodel import col

from bot.domain.export_format import FORMULA_STARTS
from bot.domain.user_text import ENTITIES
from storage.models import Kudos


def _text(value: str) -> ColumnElement[str]:
    return literal(value, String)


def _storage_text(dialect: str) -> ColumnElement[str]:
    """created_at as UTC text 'YYYY-MM-DD HH:MM:SS.ffffff' (what SQLite stores)."""
    if dialect == "postgresql":
        utc = func.timezone("UTC", col(Kudos.created_at))
        return func.to_char(utc, "YYYY-MM-DD HH24:MI:SS.US", type_=String)
    return type_coerce(col(Kudos.created_at), String)


def created_at_iso(dialect: str) -> ColumnElement[str]:
    """created_at as '2026-11-23T08:00:00Z' (fractions of a second only when there are some)."""
    text = _storage_text(dialect)
    seconds = func.replace(func.substr(text, 1, 19, type_=String), " ", "T", type_=String)
    raw_fraction = func.substr(text, 20, type_=String)
    fraction = case((raw_fraction.in_(["", ".000000"]), _text("")), else_=raw_fraction)
    return seconds.concat(fraction).concat(_text("Z"))


def as_typed(text: Any) -> ColumnElement[str]:
    """A stored message with Slack's escaping undone (`Q&amp;A` is `Q&A`), as
    bot.domain.user_text.as_typed does: exports hold what people typed."""
    for entity, char in ENTITIES:
        text = func.replace(text, entity, char, type_=String)
    return type_coerce(text, String)


def spreadsheet_safe(text: Any) -> ColumnElement[str]:
    """The text, with an apostrophe before it when a spreadsheet would run it as a formula."""
    starts_like_formula = func.substr(text, 1, 1).in_(list(FORMULA_STARTS))
    return case((starts_like_formula, _text("'").concat(text)), else_=text)


def flag_word(flag: Any) -> ColumnElement[str]:
    """A boolean as 'true' or 'false'."""
    return case((flag, _text("true")), else_=_text("false"))


def empty_if_null(text: Any) -> ColumnElement[str]:
    """NULL as an empty cell."""
    return func.coalesce(text, _text(""), type_=String)


def _quoted(cell: Any) -> ColumnElement[str]:
    escaped = func.replace(cell, '"', '""', type_=String)
    return _text('"').concat(escaped).concat(_text('"'))


def _as_text(cell: Any) -> Any:
    return cell if isinstance(cell.type, String) else cast(cell, String)


def csv_line(cells: list[tuple[Any, bool]]) -> ColumnElement[str]:
    """One finished CSV line ('\n') of (cell, needs quoting) pairs; numbers become text."""
    texts = [_quoted(cell) if quote else _as_text(cell) for cell, quote in cells]
    line = texts[0]
    for text in texts[1:]:
        line = line.concat(_text(",")).concat(text)
    return line.concat(_text("\n"))
