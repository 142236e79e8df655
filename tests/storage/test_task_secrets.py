"""A spent secret leaves every stored task payload that held it, on SQLite and PostgreSQL: the
payloads stay valid JSON, other tasks are untouched, and LIKE's wildcards in a secret match
nothing else."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import text

from bot.domain.tasks import NewTask, TaskClass
from storage.database import Database
from storage.task_secrets import forget_secret
from storage.tasks_repo import add_tasks

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TOKEN = "xwfp-1234-abcdef"


def _task(key: str, payload: dict[str, object]) -> NewTask:
    return NewTask(kind="reply", key=key, klass=TaskClass.GIVING, payload=payload, run_at=NOW)


def _payloads(database: Database) -> dict[str, dict[str, object]]:
    with database.reading() as session:
        rows = session.execute(text("SELECT key, payload FROM task")).all()
    return {str(key): json.loads(payload) for key, payload in rows}


def test_the_secret_leaves_every_payload_that_held_it(database: Database) -> None:
    with database.transaction() as session:
        add_tasks(
            session=session,
            tasks=[
                _task("step", {"step_token": TOKEN, "inputs": {"message": "thanks"}}),
                _task("reply", {"reply_to": {"function": {"execution_id": "Fx1", "token": TOKEN}}}),
                _task("other", {"step_token": "xwfp-9999-other", "text": "50% of a_b"}),
            ],
            now=NOW,
        )
    with database.transaction() as session:
        assert forget_secret(session=session, secret=TOKEN) == 2
    payloads = _payloads(database)
    assert payloads["step"] == {"step_token": "", "inputs": {"message": "thanks"}}
    assert payloads["reply"] == {"reply_to": {"function": {"execution_id": "Fx1", "token": ""}}}
    assert payloads["other"] == {"step_token": "xwfp-9999-other", "text": "50% of a_b"}


def test_wildcards_in_a_secret_match_only_themselves(database: Database) -> None:
    with database.transaction() as session:
        add_tasks(session=session, tasks=[_task("t", {"text": "50% of a_b"})], now=NOW)
    with database.transaction() as session:
        assert forget_secret(session=session, secret="%") == 1  # the one "%" there is
        assert forget_secret(session=session, secret="a%b") == 0
        assert forget_secret(session=session, secret="") == 0
    assert _payloads(database)["t"] == {"text": "50 of a_b"}
