"""Removing a reaction within the window withdraws the kudos it gave, with its announcement and
DMs; a removal processed before its give is remembered, so that give gives nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from bot.blocks import reactions as reaction_blocks
from bot.domain import reactions as rules
from bot.domain.reactions import Reaction, Skip
from bot.services.giving.reaction_steps import unannounce_task
from bot.services.giving.reactions import reaction_of, skipped
from bot.services.home import home_refresh_task, recent_home_viewers
from bot.services.replies import ReplyTo, reply_task
from bot.services.tasks import Finish, TaskContext, TaskHandler
from storage.locks import lock_giver
from storage.reactions_repo import record_removal, withdraw_kudos
from storage.tasks_repo import add_tasks, queue_coalesced
from storage.values_repo import ensure_workspace, list_values

log = logging.getLogger(__name__)


def _after(
    session: Session, ctx: TaskContext, giver: str, act_id: str, receivers: list[str]
) -> None:
    """Queue what follows a withdrawal: posts taken down, the giver told, Homes refreshed."""
    team = ctx.team_id
    note = reply_task(
        key=f"withdrawn:{team}:{act_id}",
        team_id=team,
        reply_to=ReplyTo(giver, None, ctx.now),
        text=reaction_blocks.withdrawn_text(receivers),
        now=ctx.now,
    )
    add_tasks(
        session=session,
        tasks=[unannounce_task(team, act_id, receivers, ctx.now), note],
        now=ctx.now,
    )
    viewers = recent_home_viewers(session, team_id=team, user_ids=(giver, *receivers), now=ctx.now)
    for user_id in sorted(viewers):
        queue_coalesced(
            session=session, task=home_refresh_task(team, user_id, run_at=ctx.now), now=ctx.now
        )


def _withdraw(
    ctx: TaskContext, reaction: Reaction, keys: list[str], removed_at: datetime
) -> Callable[[Session], None]:
    """Record the removal under each key the reaction may have given under, and withdraw
    what was given under any of them."""

    def then(session: Session) -> None:
        team, giver = ctx.team_id, reaction.reactor_id
        ensure_workspace(session=session, team_id=team, now=ctx.now)
        lock_giver(session, team_id=team, giver_id=giver)
        for key in keys:
            record_removal(session=session, team_id=team, request_key=key, removed_at=removed_at)
            withdrawn = withdraw_kudos(
                session=session,
                team_id=team,
                request_key=key,
                giver_id=giver,
                created_since=removed_at - rules.WITHDRAW_WINDOW,
            )
            if withdrawn is not None:
                _after(session, ctx, giver, *withdrawn)
                log.info("kudos %s withdrawn: its reaction was removed", withdrawn[0])

    return then


def _run_removed(ctx: TaskContext) -> Finish:
    reaction, removed_at = reaction_of(ctx)
    with ctx.deps.database.transaction() as session:
        values = list_values(session=session, team_id=ctx.team_id, include_retired=True)
    # every value wearing the emoji, retired ones too: a kudos given just before its value was
    # retired can still be taken back, also when an active value has taken its emoji since
    ordered = sorted(values, key=lambda v: v.retired_at is not None)
    matching = rules.values_for_emoji(ordered, reaction.emoji)
    if not matching:
        return skipped(Skip.NO_VALUE)
    keys = [rules.reaction_request_key(ctx.team_id, reaction, v.slug) for v in matching]
    return Finish({"removed": True}, then=_withdraw(ctx, reaction, keys, removed_at))


REACTION_REMOVED = TaskHandler(run=_run_removed)
