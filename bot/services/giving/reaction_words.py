""" "Add a few words" to a reaction kudos: the form's submission replaces that kudos's message
(and its announcement's, with `chat.update`) instead of giving a second kudos."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.errors import SlackApiError

from bot.blocks import kudos as kudos_blocks
from bot.blocks import reactions as reaction_blocks
from bot.domain.tasks import NewTask, TaskClass
from bot.domain.values import ShownValue
from bot.services.giving.reaction_steps import CANNOT_DELETE, announcement_of
from bot.services.modal import GONE
from bot.services.replies import ReplyTo, send_private
from bot.services.tasks import Finish, TaskContext, TaskHandler
from storage.models import CompanyValue
from storage.reactions_repo import act_of, set_act_message


def words_task(
    *, team_id: str, giver_id: str, edit_key: str, message: str, view_key: str, now: datetime
) -> NewTask:
    """The task that adds `message` to the reaction kudos `edit_key` (once per submission)."""
    return NewTask(
        kind="reaction_words",
        key=f"words:{team_id}:{view_key}"[:255],
        klass=TaskClass.GIVING,
        team_id=team_id,
        payload={"giver_id": giver_id, "edit_key": edit_key, "message": message},
        run_at=now,
    )


def _run_words(ctx: TaskContext) -> Finish:
    p = ctx.payload
    giver, message = p["giver_id"], p["message"]
    reply_to = ReplyTo(giver, None, ctx.now)
    with ctx.deps.database.transaction() as session:
        act = act_of(
            session=session, team_id=ctx.team_id, request_key=p["edit_key"], giver_id=giver
        )
        value = None if act is None else session.get(CompanyValue, act.value_id)
        if act is not None:
            set_act_message(
                session=session, team_id=ctx.team_id, act_id=act.act_id, message=message
            )
    if act is None or value is None:
        send_private(ctx, reply_to, GONE)
        return Finish({"gone": True})
    posted = announcement_of(ctx, act.act_id)
    outcome: dict[str, object] = {"updated": False}
    if posted is not None:
        shown = ShownValue(value.name, value.emoji)
        receivers = posted["receiver_ids"] or list(act.receiver_ids)
        try:
            ctx.client().chat_update(
                channel=posted["channel"],
                ts=posted["ts"],
                text=kudos_blocks.announcement_fallback(
                    giver_id=giver, receiver_ids=receivers, value=shown
                ),
                blocks=kudos_blocks.announcement_blocks(
                    giver_id=giver,
                    receiver_ids=receivers,
                    value=shown,
                    message=message,
                    source_link=act.source_link,
                ),
            )
            outcome["updated"] = True
        except SlackApiError as error:
            if str(error.response.get("error")) not in CANNOT_DELETE | {"cant_update_message"}:
                raise
    send_private(ctx, reply_to, reaction_blocks.words_added_text(act.receiver_ids))
    return Finish(outcome)


REACTION_WORDS = TaskHandler(run=_run_words)
