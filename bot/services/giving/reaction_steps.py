"""The smaller steps of giving by reaction: the "any value" emoji's DM with its button, and
taking down the announcement and DMs of a withdrawn kudos."""

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

POST_WAIT = timedelta(seconds=2)
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


def unannounce_task(team_id: str, act_id: str, receivers: list[str], now: datetime) -> NewTask:
    """The task that deletes a withdrawn kudos's announcement and DMs, if any were posted."""
    return NewTask(
        kind="reaction_unannounce",
        key=f"unannounce:{act_id}",
        klass=TaskClass.GIVING,
        team_id=team_id,
        payload={"act_id": act_id, "receiver_ids": receivers},
        run_at=now,
    )


def posted_by(ctx: TaskContext, step_key: str) -> dict[str, Any] | None:
    """What the delivery step `step_key` posted ({"channel", "ts", "receiver_ids"}); None when
    it posted nothing; Held while it has not run yet."""
    with ctx.deps.database.transaction() as session:
        step: TaskRow | None = task_by_key(session=session, key=step_key)
    if step is None:
        return None
    if step.status in UNFINISHED:
        raise Held(ctx.now + POST_WAIT, "a post of the kudos is still on its way")
    outcome = step.outcome or {}
    if step.status is not TaskStatus.DONE or not outcome.get("ts") or not outcome.get("channel"):
        return None
    receivers = step.payload.get("receiver_ids") or []
    return {"channel": outcome["channel"], "ts": outcome["ts"], "receiver_ids": receivers}


def _run_unannounce(ctx: TaskContext) -> Finish:
    act_id = ctx.payload["act_id"]
    keys = [f"announce:{act_id}"] + [f"dm:{act_id}:{r}" for r in ctx.payload["receiver_ids"]]
    found = [posted_by(ctx, key) for key in keys]  # Held until every one of them has run
    outcome: dict[str, str] = {}
    for posted in filter(None, found):
        try:
            ctx.client().chat_delete(channel=posted["channel"], ts=posted["ts"])
            outcome[posted["ts"]] = "deleted"
        except SlackApiError as error:
            code = str(error.response.get("error"))
            if code not in CANNOT_DELETE:
                raise
            outcome[posted["ts"]] = code
    return Finish(outcome)


REACTION_DM = TaskHandler(run=_run_dm)
UNANNOUNCE = TaskHandler(run=_run_unannounce)
