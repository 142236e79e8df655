"""What the `task` table can store as it is, checked before a request's task is written.

A batch of request tasks is one statement, so a task the database would refuse (text over a
column's length, a NUL character, a lone UTF-16 surrogate, which no UTF-8 driver can send)
would fail everyone's request in its batch; SQLite would even cut text at a NUL without a word.
Such a task is refused here, alone, before any statement.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.tasks import NewTask

_LENGTHS = (("key", 255), ("kind", 32), ("team_id", 32), ("lane", 96))  # storage.models.Task


class UnstorableTaskError(ValueError):
    """Some tasks can't be stored as they are (`reasons`: why, by key); nothing was written."""

    def __init__(self, reasons: Mapping[str, str]) -> None:
        """`reasons`: for each refused task's key, why it can't be stored."""
        super().__init__("; ".join(sorted(set(reasons.values()))))
        self.reasons = dict(reasons)


def unstorable(task: NewTask) -> str | None:
    """Why `task` can't be stored as it is, or None when it can."""
    for name, limit in _LENGTHS:
        value = getattr(task, name) or ""
        if len(value) > limit:
            return f"its {name} is over {limit} characters"
        if "\x00" in value:
            return f"its {name} holds a NUL character"
    try:
        task.payload_json().encode("utf-8")
    except UnicodeEncodeError:
        return "its text holds a lone surrogate, which is not valid Unicode"
    return None


def refuse_unstorable(tasks: list[NewTask]) -> None:
    """UnstorableTaskError naming each of `tasks` that can't be stored as it is, if any."""
    reasons = {t.key: why for t in tasks if (why := unstorable(t)) is not None}
    if reasons:
        raise UnstorableTaskError(reasons)
