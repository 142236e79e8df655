"""What the task table can store as it is: each refusal is a row, with the reason it gives."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.domain.tasks import NewTask, TaskClass
from storage.storable import UnstorableTaskError, refuse_unstorable, unstorable

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _task(**kw: Any) -> NewTask:
    fields: dict[str, Any] = {
        "kind": "command", "key": "command:T1:1.2.3", "klass": TaskClass.GIVING,
        "payload": {"text": "thanks ✨ for the fix"}, "run_at": NOW, "team_id": "T1",
        "lane": "post:T1:C1",
    }  # fmt: skip
    return NewTask(**(fields | kw))


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"key": "k" * 256}, "its key is over 255 characters"),
        ({"kind": "k" * 33}, "its kind is over 32 characters"),
        ({"team_id": "T" * 33}, "its team_id is over 32 characters"),
        ({"lane": "l" * 97}, "its lane is over 96 characters"),
        ({"key": "command:T1:\x00"}, "its key holds a NUL character"),
        ({"lane": "post:T1:\x00"}, "its lane holds a NUL character"),
        ({"payload": {"text": "a\ud800b"}}, "its text holds a lone surrogate"),
    ],
)
def test_what_the_table_cannot_store(fields: dict[str, Any], reason: str) -> None:
    assert (unstorable(_task(**fields)) or "").startswith(reason)


def test_what_it_can_store_passes() -> None:
    assert unstorable(_task()) is None
    assert unstorable(_task(payload={"text": "nul \x00 is escaped in JSON"}, lane=None)) is None
    refuse_unstorable([_task()])  # nothing raised


def test_the_refusal_names_each_refused_key() -> None:
    tasks = [_task(), _task(key="k" * 300), _task(key="b\x00")]
    with pytest.raises(UnstorableTaskError) as refused:
        refuse_unstorable(tasks)
    assert set(refused.value.reasons) == {"k" * 300, "b\x00"}
