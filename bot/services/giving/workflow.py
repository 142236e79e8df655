"""The "Give kudos" Workflow Builder step after the ack: its inputs become a GiveRequest given
exactly as `/kudos` gives one; the step completes once the kudos is delivered (see
bot.services.steps), or fails with the refusal `/kudos` would have answered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.blocks import kudos as kudos_blocks
from bot.domain.payload import slack_id
from bot.domain.refusals import KudosRefusal
from bot.domain.tasks import NewTask, TaskClass
from bot.domain.workflow_step import GIVER, INPUTS, FunctionRun, read_step_inputs
from bot.services.giving.give import give_now, refuse, tell_it_went_wrong
from bot.services.giving.request import GiveRequest
from bot.services.replies import ReplyTo
from bot.services.tasks import Finish, TaskContext, TaskHandler


def step_task(
    *,
    team_id: str,
    run: FunctionRun,
    inputs: dict[str, Any],
    app_user_id: str | None,
    now: datetime,
) -> NewTask:
    """The task for one run of the step (its execution id makes a retried event the same),
    with the inputs the step reads."""
    giver = slack_id(inputs.get(GIVER)) or ""
    reply_to = ReplyTo(giver, None, now, function=run)
    return NewTask(
        kind="workflow_step",
        key=f"step:{team_id}:{run.execution_id}",
        klass=TaskClass.GIVING,
        team_id=team_id,
        payload={
            "inputs": {name: inputs[name] for name in INPUTS if name in inputs},
            "app_user_id": app_user_id,
            "reply_to": reply_to.to_payload(),
            **reply_to.token_field(),
        },
        run_at=now,
    )


def _run_step(ctx: TaskContext) -> Finish:
    p = ctx.payload
    reply_to = ReplyTo.from_payload(p["reply_to"])
    given = read_step_inputs(p["inputs"])
    if isinstance(given, KudosRefusal):
        return refuse(ctx, reply_to, kudos_blocks.refusal_text(given))
    request = GiveRequest(
        team_id=ctx.team_id,
        giver_id=given.giver_id,
        recipient_ids=given.recipient_ids,
        value=given.value,
        message=given.message,
        channel_id=given.channel_id,
        request_key=ctx.task.key,  # one per run of the step: a retried event gives nothing more
    )
    return give_now(ctx, request, reply_to=reply_to, app_user_id=p["app_user_id"])


WORKFLOW_STEP = TaskHandler(run=_run_step, on_failed=tell_it_went_wrong)
