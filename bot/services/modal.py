"""Open the "Give kudos" form: within the 3 seconds a trigger_id lives, or say it took too long."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks import modal as modal_blocks
from bot.domain.metadata import metadata_key, seal
from bot.domain.tasks import NewTask, TaskClass
from bot.services.replies import ReplyTo, send_private
from bot.services.tasks import Finish, TaskContext, TaskHandler
from storage.values_repo import ensure_workspace, list_values

log = logging.getLogger(__name__)

TRIGGER_LIFETIME = timedelta(seconds=3)
TRIGGER_GONE = frozenset({"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"})
TOO_SLOW = ":hourglass: Slack took too long to open the form. Please try again."


def _too_late(ctx: TaskContext, reply_to: ReplyTo | None, why: str) -> None:
    log.warning("could not open the kudos form in time: %s", why)
    if reply_to is not None and reply_to.response_url:
        send_private(ctx, reply_to, TOO_SLOW)


def open_modal_now(
    ctx: TaskContext,
    *,
    trigger_id: str,
    reply_to: ReplyTo | None = None,
    recipients: tuple[str, ...] = (),
    channel_id: str | None = None,
    source_link: str | None = None,
) -> None:
    """Open the form with the workspace's active values, unless the trigger_id has expired."""
    if ctx.now - ctx.task.created_at > TRIGGER_LIFETIME:
        _too_late(ctx, reply_to, "the trigger_id expired before a worker was free")
        return
    with ctx.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=ctx.team_id, now=ctx.now)
        values = list_values(session=session, team_id=ctx.team_id)
    key = metadata_key(ctx.deps.settings.slack_signing_secret)
    view = modal_blocks.kudos_modal(
        values,
        recipients=recipients,
        channel_id=channel_id,
        source_link=source_link,
        private_metadata=seal(key, {"link": source_link} if source_link else {}),
    )
    try:
        ctx.client().views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as error:
        if error.response.get("error") not in TRIGGER_GONE:
            raise
        _too_late(ctx, reply_to, str(error.response.get("error")))


def open_modal_task(
    *, key: str, team_id: str, trigger_id: str, reply_to: ReplyTo | None, now: Any, **form: Any
) -> NewTask:
    """The task that opens the form (from a shortcut or the Home button)."""
    payload = {
        "trigger_id": trigger_id,
        "reply_to": None if reply_to is None else reply_to.to_payload(),
        "form": form,
    }
    return NewTask(
        kind="open_modal",
        key=key,
        klass=TaskClass.INTERACTIVE,
        team_id=team_id,
        payload=payload,
        run_at=now,
    )


def _run_open(ctx: TaskContext) -> Finish:
    p = ctx.payload
    reply_to = None if p["reply_to"] is None else ReplyTo.from_payload(p["reply_to"])
    form = p["form"]
    open_modal_now(
        ctx,
        trigger_id=p["trigger_id"],
        reply_to=reply_to,
        recipients=tuple(form.get("recipients") or ()),
        channel_id=form.get("channel_id"),
        source_link=form.get("source_link"),
    )
    return Finish()


OPEN_MODAL = TaskHandler(run=_run_open)
