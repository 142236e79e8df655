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
from storage.models import CompanyValue
from storage.reactions_repo import act_of
from storage.values_repo import ensure_workspace, list_values

log = logging.getLogger(__name__)

TRIGGER_LIFETIME = timedelta(seconds=3)
TRIGGER_GONE = frozenset({"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"})
TOO_SLOW = ":hourglass: Slack took too long to open the form. Please try again."
GONE = ":information_source: That kudos was withdrawn, so there is nothing to add words to."


def _too_late(ctx: TaskContext, reply_to: ReplyTo | None, why: str) -> None:
    """Log it; tell the person where there is a way to (a response_url, or a DM button's
    clicker, who is told by DM once the response_url is gone)."""
    log.warning("could not open the kudos form in time: %s", why)
    if reply_to is not None:
        send_private(ctx, reply_to, TOO_SLOW)


def open_modal_now(
    ctx: TaskContext,
    *,
    trigger_id: str,
    reply_to: ReplyTo | None = None,
    recipients: tuple[str, ...] = (),
    channel_id: str | None = None,
    source_link: str | None = None,
    value_slug: str | None = None,
    edit_key: str | None = None,
) -> None:
    """Open the form with the workspace's active values, unless the trigger_id has expired;
    with `edit_key`, its submission adds words to that kudos instead of giving another."""
    if ctx.now - ctx.task.created_at > TRIGGER_LIFETIME:
        _too_late(ctx, reply_to, "the trigger_id expired before a worker was free")
        return
    with ctx.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=ctx.team_id, now=ctx.now)
        values = list_values(session=session, team_id=ctx.team_id)
    key = metadata_key(ctx.deps.settings.slack_signing_secret)
    sealed = {"link": source_link} if source_link else {}
    sealed |= {"edit": edit_key} if edit_key else {}
    view = modal_blocks.kudos_modal(
        values,
        recipients=recipients,
        channel_id=channel_id,
        source_link=source_link,
        private_metadata=seal(key, sealed),
        value_slug=value_slug,
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
    if form.get("edit"):  # "Add a few words" to a reaction kudos: the form shows it as given
        open_words_form(
            ctx,
            trigger_id=p["trigger_id"],
            edit_key=form["edit"],
            giver=form["giver"],
            reply_to=reply_to,
        )
        return Finish()
    open_modal_now(
        ctx,
        trigger_id=p["trigger_id"],
        reply_to=reply_to,
        recipients=tuple(form.get("recipients") or ()),
        channel_id=form.get("channel_id"),
        source_link=form.get("source_link"),
    )
    return Finish()


def open_words_form(
    ctx: TaskContext,
    *,
    trigger_id: str,
    edit_key: str,
    giver: str,
    reply_to: ReplyTo | None = None,
) -> None:
    """Open the form as the reaction kudos `edit_key` was given, or say it is gone."""
    with ctx.deps.database.transaction() as session:
        act = act_of(session=session, team_id=ctx.team_id, request_key=edit_key, giver_id=giver)
        value = None if act is None else session.get(CompanyValue, act.value_id)
    if act is None or value is None:
        send_private(ctx, reply_to or ReplyTo(giver, None, ctx.now), GONE)
        return
    open_modal_now(
        ctx,
        trigger_id=trigger_id,
        reply_to=reply_to,
        recipients=act.receiver_ids,
        channel_id=act.channel_id,
        source_link=act.source_link,
        value_slug=value.slug,
        edit_key=edit_key,
    )


OPEN_MODAL = TaskHandler(run=_run_open)
