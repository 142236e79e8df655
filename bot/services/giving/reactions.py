"""A reaction with a value's emoji gives the message's author a kudos, through the same giving
steps as `/kudos`; removing it within the window withdraws the kudos and its announcement."""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.blocks import reactions as reaction_blocks
from bot.domain import reactions as rules
from bot.domain.reactions import OpenForm, Reaction, Skip
from bot.domain.tasks import NewTask, TaskClass
from bot.services.giving.give import give_now
from bot.services.giving.reaction_reads import message_excerpt, message_permalink
from bot.services.giving.reaction_steps import form_offer_task, unannounce_task
from bot.services.giving.request import REACTION, GiveRequest
from bot.services.replies import ReplyTo, reply_task
from bot.services.tasks import Finish, TaskContext, TaskHandler
from storage.locks import lock_giver
from storage.reactions_repo import (
    reaction_settings,
    record_removal,
    removed_between,
    withdraw_kudos,
)
from storage.tasks_repo import add_tasks
from storage.values_repo import ensure_workspace, list_values

log = logging.getLogger(__name__)

ADDED, REMOVED = "reaction_added", "reaction_removed"


def reaction_task(
    kind: str,
    *,
    key: str,
    team_id: str,
    reaction: Reaction,
    event_ts: str,
    app_user_id: str | None,
    now: datetime,
) -> NewTask:
    """The task for one `reaction_added` or `reaction_removed` (its key makes a retry one)."""
    return NewTask(
        kind=kind,
        key=key,
        klass=TaskClass.GIVING,
        team_id=team_id,
        payload={"reaction": asdict(reaction), "event_ts": event_ts, "app_user_id": app_user_id},
        run_at=now,
    )


def _reaction(ctx: TaskContext) -> tuple[Reaction, datetime]:
    reacted_at = rules.event_time(ctx.payload["event_ts"]) or ctx.task.created_at
    return Reaction(**ctx.payload["reaction"]), reacted_at


def _skipped(why: Skip | str) -> Finish:
    text = why.value if isinstance(why, Skip) else why
    log.info("reaction gives nothing: %s", text)
    return Finish({"skipped": text})


def _unless_removed(finish: Finish, request: GiveRequest, reacted_at: datetime) -> Finish:
    """Store the kudos only if the reaction was not removed meanwhile (within the window)."""
    store = finish.then
    if store is None:
        return finish

    def then(session: Session) -> None:
        lock_giver(session, team_id=request.team_id, giver_id=request.giver_id)
        end = reacted_at + rules.WITHDRAW_WINDOW
        key, team = request.request_key, request.team_id
        if removed_between(
            session=session, team_id=team, request_key=key, start=reacted_at, end=end
        ):
            log.info("reaction removed before its kudos was given: nothing given")
            return
        store(session)

    return Finish(finish.outcome, then=then)


def _run_added(ctx: TaskContext) -> Finish:
    reaction, reacted_at = _reaction(ctx)
    app_user_id = ctx.payload["app_user_id"]
    with ctx.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=ctx.team_id, now=ctx.now)
        choice = reaction_settings(session=session, team_id=ctx.team_id)
        values = list_values(session=session, team_id=ctx.team_id)
    found = rules.what_it_gives(
        reaction,
        enabled=choice.enabled,
        app_user_id=app_user_id,
        values=values,
        any_value_emoji=choice.any_value_emoji,
    )
    if isinstance(found, Skip):
        return _skipped(found)
    author_id = str(reaction.author_id)
    author = ctx.deps.people.person(ctx.client(), ctx.team_id, author_id)
    if author.is_bot or author.deleted or author.is_stranger:
        return _skipped("the author is a bot, gone, or of another organisation")
    link = message_permalink(ctx, reaction)
    if link is None:
        return _skipped("the app cannot see that message")
    if isinstance(found, OpenForm):
        offer = form_offer_task(ctx, reaction, link)
        return Finish(
            {"form_offered": True}, then=lambda s: add_tasks(session=s, tasks=[offer], now=ctx.now)
        )
    request = GiveRequest(
        team_id=ctx.team_id,
        giver_id=reaction.reactor_id,
        recipient_ids=(author_id,),
        value=found.slug,
        message=rules.reaction_message(message_excerpt(ctx, reaction), reaction.emoji),
        channel_id=reaction.channel_id,
        request_key=rules.reaction_request_key(reaction, found.slug),
        source_link=link,
        via=REACTION,
    )
    day = ctx.now.date().isoformat()  # refusals (the daily limit): one DM a day, not one a reaction
    finish = give_now(
        ctx,
        request,
        reply_to=ReplyTo(reaction.reactor_id, None, ctx.now),
        app_user_id=app_user_id,
        refusal_key=f"reaction-refusal:{ctx.team_id}:{reaction.reactor_id}:{day}",
    )
    return _unless_removed(finish, request, reacted_at)


def _withdraw(ctx: TaskContext, reaction: Reaction, key: str, removed_at: datetime) -> Any:
    def then(session: Session) -> None:
        team, giver = ctx.team_id, reaction.reactor_id
        ensure_workspace(session=session, team_id=team, now=ctx.now)
        lock_giver(session, team_id=team, giver_id=giver)
        record_removal(session=session, team_id=team, request_key=key, removed_at=removed_at)
        withdrawn = withdraw_kudos(
            session=session,
            team_id=team,
            request_key=key,
            giver_id=giver,
            created_since=removed_at - rules.WITHDRAW_WINDOW,
        )
        if withdrawn is None:
            return
        act_id, receivers = withdrawn
        note = reply_task(
            key=f"withdrawn:{team}:{act_id}",
            team_id=team,
            reply_to=ReplyTo(giver, None, ctx.now),
            text=reaction_blocks.withdrawn_text(receivers),
            now=ctx.now,
        )
        add_tasks(
            session=session, tasks=[unannounce_task(team, act_id, ctx.now), note], now=ctx.now
        )
        log.info("kudos %s withdrawn: its reaction was removed", act_id)

    return then


def _run_removed(ctx: TaskContext) -> Finish:
    reaction, removed_at = _reaction(ctx)
    with ctx.deps.database.transaction() as session:
        values = list_values(session=session, team_id=ctx.team_id)
    value = rules.value_for_emoji(values, reaction.emoji)
    if value is None:
        return _skipped(Skip.NO_VALUE)
    key = rules.reaction_request_key(reaction, value.slug)
    return Finish({"removed": True}, then=_withdraw(ctx, reaction, key, removed_at))


REACTION_ADDED = TaskHandler(run=_run_added)
REACTION_REMOVED = TaskHandler(run=_run_removed)
