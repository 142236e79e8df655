"""Private answers to a person: to the request's response_url while Slack still takes it
(30 minutes, 5 uses), else by DM from the app; for a workflow step, by failing the step."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.domain.tasks import NewTask, Task, TaskClass, post_lane
from bot.domain.workflow_step import FunctionRun
from bot.services.steps import fail_step, forgetting_token
from bot.services.tasks import STEP_TOKEN, Finish, TaskContext, TaskHandler
from bot.slack.failures import ResponseUrlError
from storage.task_secrets import forget_secret
from storage.tasks_repo import add_tasks

RESPONSE_URL_LIFETIME = timedelta(minutes=29)  # Slack keeps a response_url for 30 minutes
URL_GONE = frozenset({404, 410})


@dataclass(frozen=True)
class ReplyTo:
    """Where private answers for one request go: the person, and the request's response_url;
    or, for a workflow step, the step's run (answered by completing it)."""

    user_id: str
    response_url: str | None
    accepted_at: datetime
    function: FunctionRun | None = None

    def to_payload(self) -> dict[str, Any]:
        """As stored in a task."""
        run = self.function
        step = None if run is None else {"execution_id": run.execution_id, "token": run.token}
        return {  # by hand: dataclasses.asdict deep-copies, a cost on every request's path
            "user_id": self.user_id,
            "response_url": self.response_url,
            "accepted_at": self.accepted_at.isoformat(),
            "function": step,
        }

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> ReplyTo:
        """Read back what `to_payload` stored."""
        when = datetime.fromisoformat(data["accepted_at"])
        run = data.get("function")
        function = None if run is None else FunctionRun(run["execution_id"], run["token"])
        return cls(data["user_id"], data.get("response_url"), when, function)

    def token_field(self) -> dict[str, str]:
        """What a task working for this request adds to its payload so that it calls Slack
        with a workflow step's own token ({} for every other request)."""
        return {} if self.function is None else {STEP_TOKEN: self.function.token}

    def url_usable(self, now: datetime) -> bool:
        """Whether the response_url is still within Slack's lifetime."""
        return bool(self.response_url) and now - self.accepted_at < RESPONSE_URL_LIFETIME


def reply_task(
    *,
    key: str,
    team_id: str,
    reply_to: ReplyTo,
    text: str,
    now: datetime,
    klass: TaskClass = TaskClass.GIVING,
) -> NewTask:
    """A task that answers `text` privately (once: `key` makes it unique)."""
    return NewTask(
        kind="reply",
        key=key,
        klass=klass,
        team_id=team_id,
        payload={"reply_to": reply_to.to_payload(), "text": text, **reply_to.token_field()},
        run_at=now,
        lane=None
        if reply_to.function or reply_to.url_usable(now)
        else post_lane(team_id, reply_to.user_id),
    )


def send_private(
    ctx: TaskContext, reply_to: ReplyTo, text: str, blocks: list[dict[str, Any]] | None = None
) -> str:
    """Answer privately now (`text`, or `blocks` with `text` as their fallback); 'response_url'
    or 'dm', whichever carried it ('step' when the answer failed a workflow step, 'step_closed'
    when that step had ended already)."""
    if reply_to.function is not None:
        return fail_step(ctx, reply_to.function, text)
    if reply_to.response_url and reply_to.url_usable(ctx.now):
        response = ctx.webhook(reply_to.response_url).send(
            text=text, blocks=blocks, response_type="ephemeral", replace_original=False
        )
        if response.status_code == 200:
            return "response_url"
        if response.status_code not in URL_GONE:
            raise ResponseUrlError(response.status_code, response.body or "")
    ctx.client().chat_postMessage(
        channel=reply_to.user_id, text=text, blocks=blocks, link_names=False
    )
    return "dm"


def _run_reply(ctx: TaskContext) -> Finish:
    reply_to = ReplyTo.from_payload(ctx.payload["reply_to"])
    via = send_private(ctx, reply_to, ctx.payload["text"])
    run = reply_to.function  # the answer failed a workflow step: its token is spent
    return Finish({"via": via}, then=None if run is None else forgetting_token(run))


STEP_LEFT_OPEN = (
    "Your kudos was saved and delivered, but I couldn't finish the workflow step (`{reason}`), "
    "so the workflow may show it as failed or still running. There's no need to give it again."
)
REFUSAL_UNSAID = "{text}\n(I couldn't pass this on to the workflow: `{reason}`.)"


def queue_note(
    session: Session, *, key: str, team_id: str, reply_to: ReplyTo, text: str, now: datetime
) -> None:
    """Queue a private note to the person (response_url or DM), never as a workflow step's
    answer: a step that has ended, or could not be ended, is no way to reach them."""
    note = reply_task(
        key=key, team_id=team_id, reply_to=replace(reply_to, function=None), text=text, now=now
    )
    add_tasks(session=session, tasks=[note], now=now)


def step_not_ended(session: Session, task: Task, reason: str, now: datetime) -> None:
    """A workflow step's last task (its completion, or its refusal) failed for good: take the
    step's token out of the stored tasks, and tell the giver by DM what became of the kudos."""
    reply_to = ReplyTo.from_payload(task.payload["reply_to"])
    if reply_to.function is None:
        return
    forget_secret(session=session, secret=reply_to.function.token)
    said = task.payload.get("text")
    template = REFUSAL_UNSAID if task.kind == "reply" and said else STEP_LEFT_OPEN
    queue_note(
        session,
        key=f"step-open:{task.key}",
        team_id=str(task.team_id),
        reply_to=reply_to,
        text=template.format(text=said, reason=reason.replace("`", "'")),
        now=now,
    )


REPLY = TaskHandler(run=_run_reply, on_failed=step_not_ended)
