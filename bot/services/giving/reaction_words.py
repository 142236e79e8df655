""" "Add a few words" to a reaction kudos: the form's submission replaces that kudos's message,
and its announcement's and DMs' (`chat.update`), instead of giving a second kudos."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks import kudos as kudos_blocks
from bot.blocks import reactions as reaction_blocks
from bot.blocks.pieces import escape
from bot.domain.tasks import NewTask, Task, TaskClass
from bot.domain.values import ShownValue
from bot.services.giving.reaction_steps import CANNOT_DELETE, posted_by
from bot.services.modal import GONE
from bot.services.replies import ReplyTo, reply_task, send_private
from bot.services.tasks import Finish, TaskContext, TaskHandler
from storage.models import CompanyValue
from storage.reactions_repo import StoredAct, act_of, set_act_message
from storage.tasks_repo import add_tasks

CANNOT_UPDATE = CANNOT_DELETE | {"cant_update_message", "edit_window_closed"}


def words_task(
    *,
    team_id: str,
    giver_id: str,
    edit_key: str,
    message: str,
    asked: dict[str, Any],
    view_key: str,
    now: datetime,
) -> NewTask:
    """The task that adds `message` to the reaction kudos `edit_key` (once per submission);
    `asked` is the rest of what the form said (recipients, value), which stays as given."""
    return NewTask(
        kind="reaction_words",
        key=f"words:{team_id}:{view_key}"[:255],
        klass=TaskClass.GIVING,
        team_id=team_id,
        payload={"giver_id": giver_id, "edit_key": edit_key, "message": message, "asked": asked},
        run_at=now,
    )


def _update(
    ctx: TaskContext, posted: dict[str, Any] | None, text: str, blocks: list[dict[str, Any]]
) -> bool | None:
    """Rewrite what one delivery step posted (`posted_by`); None when it posted nothing (or
    its record is gone), False when Slack would not let the post be changed."""
    if posted is None:
        return None
    try:
        ctx.client().chat_update(
            channel=posted["channel"], ts=posted["ts"], text=text, blocks=blocks
        )
    except SlackApiError as error:
        if str(error.response.get("error")) not in CANNOT_UPDATE:
            raise
        return False
    return True


def _rewrite_posts(
    ctx: TaskContext, act: StoredAct, value: CompanyValue, giver: str, message: str
) -> list[bool]:
    """Update the act's announcement and its recipients' DMs; for each post found, whether it
    was updated."""
    shown, receivers = ShownValue(value.name, value.emoji), list(act.receiver_ids)
    announced = posted_by(ctx, f"announce:{act.act_id}")
    named = announced["receiver_ids"] if announced else receivers
    fallback = kudos_blocks.announcement_fallback(giver_id=giver, receiver_ids=named, value=shown)
    blocks = kudos_blocks.announcement_blocks(
        giver_id=giver,
        receiver_ids=named,
        value=shown,
        message=message,
        source_link=act.source_link,
    )
    results = [_update(ctx, announced, fallback, blocks)]
    dm = kudos_blocks.direct_blocks(
        giver_id=giver,
        value=shown,
        message=message,
        channel_id=act.channel_id,
        source_link=act.source_link,
        is_private=act.is_private,
    )
    text = f"<@{giver}> gave you kudos for {escape(value.name)}"
    results += [_update(ctx, posted_by(ctx, f"dm:{act.act_id}:{r}"), text, dm) for r in receivers]
    return [result for result in results if result is not None]


def _run_words(ctx: TaskContext) -> Finish:
    p = ctx.payload
    giver, message, key = p["giver_id"], p["message"], p["edit_key"]
    with ctx.deps.database.transaction() as session:
        act = act_of(session=session, team_id=ctx.team_id, request_key=key, giver_id=giver)
        value = None if act is None else session.get(CompanyValue, act.value_id)
        if act is not None:
            set_act_message(
                session=session, team_id=ctx.team_id, act_id=act.act_id, message=message
            )
    reply_to = ReplyTo(giver, None, ctx.now)
    if act is None or value is None:
        send_private(ctx, reply_to, GONE)
        return Finish({"gone": True})
    found = _rewrite_posts(ctx, act, value, giver, message)
    updated = sum(found)
    asked = p.get("asked") or {}
    same = set(asked.get("recipient_ids") or act.receiver_ids) == set(act.receiver_ids)
    same = same and asked.get("value") in (None, value.slug)
    text = reaction_blocks.words_added_text(
        act.receiver_ids,
        only_words=not same,
        posts_updated=updated > 0,
        some_kept=updated < len(found),
    )
    send_private(ctx, reply_to, text)
    return Finish({"updated_posts": updated})


def _tell_what_was_kept(session: Session, task: Task, reason: str, now: datetime) -> None:
    """The task failed after every retry: the giver hears whether the words were saved (they
    are written first, so then some posts may still show the old ones) or not at all."""
    del reason
    p = task.payload
    giver, team_id = str(p["giver_id"]), str(task.team_id)
    act = act_of(session=session, team_id=team_id, request_key=p["edit_key"], giver_id=giver)
    saved = act is not None and act.message == p["message"]
    reference = f"t{task.id}"
    notice = reply_task(
        key=f"failed:{task.key}",
        team_id=team_id,
        reply_to=ReplyTo(giver, None, now),
        text=reaction_blocks.words_failed_text(reference, saved=saved),
        now=now,
    )
    add_tasks(session=session, tasks=[notice], now=now)


REACTION_WORDS = TaskHandler(run=_run_words, on_failed=_tell_what_was_kept)
