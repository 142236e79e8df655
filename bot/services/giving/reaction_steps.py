"""The smaller steps of giving by reaction: the "any value" emoji's DM with its button, and
taking down the announcement of a withdrawn kudos."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks import reactions as reaction_blocks
from bot.domain.metadata import metadata_key, seal
from bot.domain.reactions import Reaction
from bot.domain.tasks import NewTask, TaskClass, TaskRow, TaskStatus, post_lane
from bot.services.tasks import Finish, TaskContext, TaskHandler
from bot.slack.holds import Held
from storage.task_admin_repo import task_by_key

ANNOUNCEMENT_WAIT = timedelta(seconds=2)
CANNOT_DELETE = frozenset(
    {
        "message_not_found",
        "channel_not_found",
        "cant_delete_message",
        "not_in_channel",
        "is_archived",
    }
)
UNFINISHED = (TaskStatus.QUEUED, TaskStatus.WAITING, TaskStatus.RUNNING)


def form_offer_task(ctx: TaskContext, reaction: Reaction, link: str) -> NewTask:
    """The DM whose button opens the form for the author and the message (once per message)."""
    author = str(reaction.author_id)
    sealed = seal(
        metadata_key(ctx.deps.settings.slack_signing_secret),
        {"author": author, "channel": reaction.channel_id, "link": link},
    )
    emoji = f":{reaction.emoji}:"
    team, reactor = ctx.team_id, reaction.reactor_id
    return NewTask(
        kind="reaction_dm",
        key=f"reaction-form:{team}:{reactor}:{reaction.channel_id}:{reaction.ts}"[:255],
        klass=TaskClass.GIVING,
        team_id=team,
        payload={
            "user_id": reactor,
            "text": reaction_blocks.form_offer_text(author, emoji),
            "blocks": reaction_blocks.form_offer_blocks(author, emoji, sealed),
        },
        run_at=ctx.now,
        lane=post_lane(team, reactor),
    )


def _run_dm(ctx: TaskContext) -> Finish:
    p = ctx.payload
    response = ctx.client().chat_postMessage(
        channel=p["user_id"], text=p["text"], blocks=p["blocks"], link_names=False
    )
    return Finish({"ts": response.get("ts")})


def unannounce_task(team_id: str, act_id: str, now: datetime) -> NewTask:
    """The task that deletes a withdrawn kudos's announcement, if one was (or is being) posted."""
    return NewTask(
        kind="reaction_unannounce",
        key=f"unannounce:{act_id}",
        klass=TaskClass.GIVING,
        team_id=team_id,
        payload={"act_id": act_id},
        run_at=now,
    )


def announcement_of(ctx: TaskContext, act_id: str) -> dict[str, Any] | None:
    """Where the act's announcement was posted, and whom it names ({"channel", "ts",
    "receiver_ids"}); None when none was; Held
    while its announce step has not run yet."""
    with ctx.deps.database.transaction() as session:
        step: TaskRow | None = task_by_key(session=session, key=f"announce:{act_id}")
    if step is None:
        return None
    if step.status in UNFINISHED:
        raise Held(ctx.now + ANNOUNCEMENT_WAIT, "the announcement is still on its way")
    outcome = step.outcome or {}
    if step.status is not TaskStatus.DONE or not outcome.get("ts") or not outcome.get("channel"):
        return None
    receivers = step.payload.get("receiver_ids") or []
    return {"channel": outcome["channel"], "ts": outcome["ts"], "receiver_ids": receivers}


def _run_unannounce(ctx: TaskContext) -> Finish:
    posted = announcement_of(ctx, ctx.payload["act_id"])
    if posted is None:
        return Finish({"announcement": None})
    try:
        ctx.client().chat_delete(channel=posted["channel"], ts=posted["ts"])
    except SlackApiError as error:
        code = str(error.response.get("error"))
        if code not in CANNOT_DELETE:
            raise
        return Finish({"cannot": code})
    return Finish({"deleted": posted["ts"]})


REACTION_DM = TaskHandler(run=_run_dm)
UNANNOUNCE = TaskHandler(run=_run_unannounce)
