"""After a kudos is stored: announce it, DM each person thanked, then confirm to the giver what
was done and what is still on its way (for a workflow step: complete it with the announcement's
link); a step that finally fails is reported to the giver."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks import delivery as delivery_blocks
from bot.blocks import kudos as kudos_blocks
from bot.blocks import reactions as reaction_blocks
from bot.blocks.pieces import escape
from bot.domain.metadata import metadata_key, seal
from bot.domain.tasks import Task, TaskStatus
from bot.domain.values import ShownValue
from bot.services.replies import ReplyTo, queue_note, send_private, step_not_ended
from bot.services.steps import complete_step
from bot.services.tasks import Finish, TaskContext, TaskHandler
from bot.slack.errors import CANNOT_DM
from storage.kudos_repo import act_exists
from storage.task_admin_repo import children_of, task_row

CANNOT_POST_HERE = frozenset(
    {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "ekm_access_denied"}
)


def _value(payload: dict[str, Any]) -> ShownValue:
    return ShownValue(**payload["value"])


def _expected(error: SlackApiError, codes: frozenset[str]) -> str | None:
    code = str(error.response.get("error"))
    return code if code in codes else None


def _announce(ctx: TaskContext) -> Finish:
    p = ctx.payload
    value, receivers = _value(p), p["receiver_ids"]
    try:
        response = ctx.client().chat_postMessage(
            channel=p["channel_id"],
            text=kudos_blocks.announcement_fallback(
                giver_id=p["giver_id"], receiver_ids=receivers, value=value
            ),
            blocks=kudos_blocks.announcement_blocks(
                giver_id=p["giver_id"],
                receiver_ids=receivers,
                value=value,
                message=p["message"],
                source_link=p["source_link"],
            ),
            link_names=False,
            unfurl_links=False,
        )
    except SlackApiError as error:
        if (code := _expected(error, CANNOT_POST_HERE)) is None:
            raise
        return Finish({"cannot": code})
    return Finish({"ts": response.get("ts"), "channel": response.get("channel")})


def _dm(ctx: TaskContext) -> Finish:
    p = ctx.payload
    value = _value(p)
    blocks = kudos_blocks.direct_blocks(
        giver_id=p["giver_id"],
        value=value,
        message=p["message"],
        channel_id=p["channel_id"],
        source_link=p["source_link"],
        is_private=p["is_private"],
    )
    try:
        response = ctx.client().chat_postMessage(
            channel=p["receiver_id"],
            text=f"<@{p['giver_id']}> gave you kudos for {escape(value.name)}",
            blocks=blocks,
            link_names=False,
        )
    except SlackApiError as error:
        if (code := _expected(error, CANNOT_DM)) is None:
            raise
        return Finish({"cannot": code})
    return Finish({"ts": response.get("ts"), "channel": response.get("channel")})


def _confirm(ctx: TaskContext) -> Finish:
    p = ctx.payload
    with ctx.deps.database.transaction() as session:
        steps = children_of(session=session, parent_id=ctx.task.id)
        # a reaction kudos withdrawn meanwhile (the reaction removed): its withdrawal said so
        gone = bool(p.get("add_words")) and not act_exists(
            session=session, team_id=ctx.team_id, act_id=p["act_id"]
        )
    if gone:
        return Finish({"withdrawn": True})
    run = ReplyTo.from_payload(p["reply_to"]).function
    if run is not None:  # a workflow step: completing it is the confirmation
        return complete_step(ctx, run, steps=steps, kudos_id=p["act_id"])
    notes = delivery_blocks.delivery_notes(
        steps, is_private=p["is_private"], quiet=bool(p["quiet"]), channel_id=p["channel_id"]
    )
    notes += delivery_blocks.left_out_notes(p.get("left_out") or [])
    text = kudos_blocks.confirmation_text(
        receiver_ids=p["receiver_ids"], value=_value(p), notes=notes
    )
    blocks = None
    if edit_key := p.get("add_words"):  # a reaction kudos: the giver may add a few words
        sealed = seal(metadata_key(ctx.deps.settings.slack_signing_secret), {"edit": edit_key})
        blocks = reaction_blocks.confirmation_blocks(text, sealed)
    via = send_private(ctx, ReplyTo.from_payload(p["reply_to"]), text, blocks)
    return Finish({"via": via})


def _report_final_failure(session: Session, task: Task, reason: str, now: datetime) -> None:
    """A step that failed for good after the giver was confirmed: tell the giver, once."""
    parent = None if task.parent_id is None else task_row(session=session, task_id=task.parent_id)
    if parent is None or parent.status not in (TaskStatus.RUNNING, TaskStatus.DONE):
        return  # no confirmation yet: it will say so itself
    text = delivery_blocks.final_failure_text(task.kind, task.payload, reason)
    # The kudos is stored: never a workflow step's failure (it would say nothing was saved,
    # and the step has ended by now), a DM to the giver instead.
    queue_note(
        session,
        key=f"failed:{task.key}",
        team_id=str(task.team_id),
        reply_to=ReplyTo.from_payload(parent.payload["reply_to"]),
        text=text,
        now=now,
    )


ANNOUNCE = TaskHandler(run=_announce, on_failed=_report_final_failure)
DM = TaskHandler(run=_dm, on_failed=_report_final_failure)
CONFIRM = TaskHandler(run=_confirm, on_failed=step_not_ended)
