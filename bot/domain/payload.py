"""Reading what Slack sent, defensively: typed getters that answer None on the wrong shape.

A payload is JSON someone else wrote. These helpers never raise on it, so that a listener can
name what was missing or mistyped, log it once and answer quietly, instead of failing on it.
"""

from __future__ import annotations

import re
from typing import Any

_SLACK_ID = re.compile(r"[A-Z][A-Z0-9]{1,39}")  # U0123ABC, T…, C…, V…, E…
MAX_TEXT = 40_000  # longer than anything Slack sends in one field


def at(data: object, *path: str) -> object:
    """The value at `path` inside nested objects; None where the path breaks."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def dict_at(data: object, *path: str) -> dict[str, Any] | None:
    """The object at `path`, or None when it is missing or not an object."""
    value = at(data, *path)
    return value if isinstance(value, dict) else None


def list_at(data: object, *path: str) -> list[Any] | None:
    """The array at `path`, or None when it is missing or not an array."""
    value = at(data, *path)
    return value if isinstance(value, list) else None


def text_at(data: object, *path: str) -> str | None:
    """The non-empty string at `path` (of a sane length), or None."""
    value = at(data, *path)
    return value if isinstance(value, str) and 0 < len(value) <= MAX_TEXT else None


def slack_id(value: object) -> str | None:
    """`value` when it is a Slack id such as `U0123ABC`, else None."""
    return value if isinstance(value, str) and _SLACK_ID.fullmatch(value) else None


def id_at(data: object, *path: str) -> str | None:
    """The Slack id at `path`, or None when it is missing or not an id."""
    return slack_id(at(data, *path))


def slack_ids(value: object) -> tuple[str, ...] | None:
    """An array of Slack ids, without repeats and in order; None when it is anything else."""
    if not isinstance(value, list):
        return None
    found = [item for item in value if isinstance(item, str) and _SLACK_ID.fullmatch(item)]
    return tuple(dict.fromkeys(found)) if len(found) == len(value) else None
