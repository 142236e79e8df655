"""Ending a Workflow Builder step: functions.completeSuccess with its outputs, or
functions.completeError with a readable reason, both with the step's own token."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks.step import plain_error
from bot.domain.tasks import TaskRow
from bot.domain.workflow_step import KUDOS_ID, LINK, FunctionRun
from bot.services.tasks import Finish, TaskContext
from bot.slack.failures import FailureKind, classify
from storage.task_secrets import forget_secret

log = logging.getLogger(__name__)

# The run is over (completed, timed out, or its token has lapsed): nothing more can be said.
STEP_ENDED = frozenset(
    {
        "execution_not_in_running_state",
        "function_execution_not_found",
        "token_revoked",
        "token_expired",
        "invalid_auth",
    }
)
NO_PERMALINK = frozenset({"channel_not_found", "message_not_found"})


class WrongTokenError(RuntimeError):
    """A task for a workflow step that does not carry the step's token (a bug, not Slack's)."""


def _client(ctx: TaskContext, run: FunctionRun) -> WebClient:
    client = ctx.client()
    if client.token != run.token:
        raise WrongTokenError(f"task {ctx.task.key} does not carry its step's token")
    return client


def _ended(error: SlackApiError, run: FunctionRun) -> str:
    code = str(error.response.get("error"))
    if code not in STEP_ENDED:
        raise error
    log.warning("workflow step %s had ended already (%s)", run.execution_id, code)
    return "step_closed"


def forgetting_token(run: FunctionRun) -> Callable[[Session], None]:
    """What to record with the end of the step: its token out of every stored task (Slack
    revokes it once the step has ended)."""

    def forget(session: Session) -> None:
        forget_secret(session=session, secret=run.token)

    return forget


def fail_step(ctx: TaskContext, run: FunctionRun, text: str) -> str:
    """Fail the step with `text` as plain text: 'step', or 'step_closed' if it had ended (its
    token already taken out of the stored tasks, for one)."""
    if not run.token:
        return "step_closed"
    client = _client(ctx, run)
    try:
        client.functions_completeError(
            function_execution_id=run.execution_id, error=plain_error(text)
        )
    except SlackApiError as error:
        return _ended(error, run)
    return "step"


def _announcement_link(client: WebClient, steps: Sequence[TaskRow]) -> str | None:
    """The permalink of the announcement, if one was posted."""
    for step in steps:
        posted = step.outcome or {}
        if step.kind != "announce" or not posted.get("ts"):
            continue
        try:
            found = client.chat_getPermalink(channel=posted["channel"], message_ts=posted["ts"])
        except SlackApiError as error:
            failure = classify(error)
            if failure is not None and failure.kind is FailureKind.TRANSIENT:
                raise  # tried again later
            code = str(error.response.get("error"))
            if code not in NO_PERMALINK:
                log.warning("no permalink for the announcement (%s): the kudos id instead", code)
            return None  # a link is not worth leaving the step open for
        link = found.get("permalink")
        return link if isinstance(link, str) else None
    return None


def complete_step(
    ctx: TaskContext, run: FunctionRun, *, steps: Sequence[TaskRow], kudos_id: str
) -> Finish:
    """Complete the step once the kudos is delivered: its link is the announcement's permalink,
    or the kudos id when it was not announced. Its token leaves the stored tasks with it."""
    if not run.token:
        return Finish({"via": "step_closed"})
    client = _client(ctx, run)
    link = _announcement_link(client, steps)
    outputs = {LINK: link or kudos_id, KUDOS_ID: kudos_id}
    try:
        client.functions_completeSuccess(function_execution_id=run.execution_id, outputs=outputs)
    except SlackApiError as error:
        return Finish({"via": _ended(error, run)}, then=forgetting_token(run))
    return Finish({"via": "step", "announced": link is not None}, then=forgetting_token(run))
