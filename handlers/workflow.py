"""The "Give kudos" Workflow Builder step (`function_executed`), accepted as one task keyed by
its function_execution_id, then acked; the task gives the kudos and completes the step."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.domain.payload import at, dict_at, slack_id, text_at
from bot.domain.tasks import NewTask
from bot.domain.workflow_step import STEP_CALLBACK_ID, FunctionRun, execution_id
from bot.services.giving.workflow import step_task
from handlers.accept import accepting, malformed, required


def _task(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
    got = required(
        body,
        {
            "the team id": slack_id(context.team_id),
            "event.function_execution_id": execution_id(at(body, "event", "function_execution_id")),
            "event.bot_access_token": text_at(body, "event", "bot_access_token"),
        },
    )
    if got is None:
        return None
    inputs = dict_at(body, "event", "inputs")
    if inputs is None and at(body, "event", "inputs") is not None:
        malformed(body, "event.inputs is not an object")
        return None
    run = FunctionRun(got["event.function_execution_id"], got["event.bot_access_token"])
    return step_task(
        team_id=got["the team id"],
        run=run,
        inputs=inputs or {},
        app_user_id=context.bot_user_id,
        now=now,
    )


def register(app: Any, deps: Deps) -> None:
    """Register the step. Bolt's own acknowledgement is off: the listener acks, and only once
    the step's task is in the database (an ack first would lose the step in a crash)."""
    app.function(STEP_CALLBACK_ID, auto_acknowledge=False)(accepting(_task, deps))
