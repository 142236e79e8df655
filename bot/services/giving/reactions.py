"""A reaction with a value's emoji gives the message's author a kudos, through the same giving
steps as `/kudos` (a removal processed first leaves nothing); the "any value" emoji sends the
reactor a button that opens the form."""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime

from sqlmodel import Session

from bot.domain import reactions as rules
from bot.domain.reactions import OpenForm, Reaction, Skip
from bot.domain.recipients import check_giver
from bot.domain.tasks import NewTask, TaskClass
from bot.services.giving.give import give_now
from bot.services.giving.reaction_reads import message_excerpt, message_permalink
from bot.services.giving.reaction_steps import form_offer_task
from bot.services.giving.request import REACTION, GiveRequest
from bot.services.replies import ReplyTo
from bot.services.tasks import Finish, TaskContext, TaskHandler
from storage.locks import lock_giver
from storage.models import CompanyValue
from storage.reactions_repo import reaction_settings, removed_between
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


def reaction_of(ctx: TaskContext) -> tuple[Reaction, datetime]:
    """The task's reaction, and when it happened (Slack's event_ts)."""
    reacted_at = rules.event_time(ctx.payload["event_ts"]) or ctx.task.created_at
    return Reaction(**ctx.payload["reaction"]), reacted_at


def skipped(why: Skip | str) -> Finish:
    """End the task with nothing given, saying why in the log and the outcome."""
    text = why.value if isinstance(why, Skip) else why
    log.info("reaction gives nothing: %s", text)
    return Finish({"skipped": text})


def _unless_removed(
    finish: Finish, team: str, giver: str, key: str, reacted_at: datetime
) -> Finish:
    """Store the kudos only if the reaction was not removed meanwhile (within the window)."""
    store = finish.then
    if store is None:
        return finish

    def then(session: Session) -> None:
        lock_giver(session, team_id=team, giver_id=giver)
        end = reacted_at + rules.WITHDRAW_WINDOW
        if removed_between(
            session=session, team_id=team, request_key=key, start=reacted_at, end=end
        ):
            log.info("reaction removed before its kudos was given: nothing given")
            return
        store(session)

    return Finish(finish.outcome, then=then)


def _decide(ctx: TaskContext, reaction: Reaction) -> CompanyValue | OpenForm | Skip:
    """What the workspace's settings and values make of this reaction."""
    with ctx.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=ctx.team_id, now=ctx.now)
        choice = reaction_settings(session=session, team_id=ctx.team_id)
        values = list_values(session=session, team_id=ctx.team_id)
    return rules.what_it_gives(
        reaction,
        enabled=choice.enabled,
        app_user_id=ctx.payload["app_user_id"],
        values=values,
        any_value_emoji=choice.any_value_emoji,
    )


def _give(ctx: TaskContext, reaction: Reaction, value: CompanyValue, link: str) -> Finish:
    """Give the author a kudos for `value`, through the same steps as `/kudos`."""
    reactor = reaction.reactor_id
    request = GiveRequest(
        team_id=ctx.team_id,
        giver_id=reactor,
        recipient_ids=(str(reaction.author_id),),
        value=value.slug,
        message=rules.reaction_message(message_excerpt(ctx, reaction), reaction.emoji),
        channel_id=reaction.channel_id,
        request_key=rules.reaction_request_key(ctx.team_id, reaction, value.slug),
        source_link=link,
        via=REACTION,
    )
    day = ctx.now.date().isoformat()  # a refusal (the daily limit): one DM a day, not a reaction
    return give_now(
        ctx,
        request,
        reply_to=ReplyTo(reactor, None, ctx.now),
        app_user_id=ctx.payload["app_user_id"],
        refusal_key=f"reaction-refusal:{ctx.team_id}:{reactor}:{day}",
    )


def _run_added(ctx: TaskContext) -> Finish:
    reaction, reacted_at = reaction_of(ctx)
    found = _decide(ctx, reaction)
    if isinstance(found, Skip):
        return skipped(found)
    people = ctx.deps.people
    author = people.person(ctx.client(), ctx.team_id, str(reaction.author_id))
    if author.is_bot or author.deleted or author.is_stranger:
        return skipped("the author is a bot, gone, or of another organisation")
    if check_giver(people.person(ctx.client(), ctx.team_id, reaction.reactor_id)) is not None:
        return skipped("the reactor is a bot or gone")  # an app's reaction: no one to tell
    link = message_permalink(ctx, reaction)
    if link is None:
        return skipped("the app cannot see that message")
    if isinstance(found, OpenForm):
        offer = form_offer_task(ctx, reaction, link)
        return Finish(
            {"form_offered": True}, then=lambda s: add_tasks(session=s, tasks=[offer], now=ctx.now)
        )
    finish = _give(ctx, reaction, found, link)
    return _unless_removed(
        finish,
        ctx.team_id,
        reaction.reactor_id,
        rules.reaction_request_key(ctx.team_id, reaction, found.slug),
        reacted_at,
    )


REACTION_ADDED = TaskHandler(run=_run_added)
