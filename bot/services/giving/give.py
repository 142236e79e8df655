"""The give step: check the request and the people, then store the kudos and queue its delivery
(or the refusal) in the transaction that marks the step done."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from bot.blocks import kudos as kudos_blocks
from bot.domain.recipients import Person, check_giver, check_recipients, organisation_of
from bot.domain.refusals import KudosRefusal
from bot.domain.tasks import Task
from bot.services.giving.groups import members_who_can_receive, people_thanked
from bot.services.giving.request import GiveRequest, check_request
from bot.services.giving.store import store_and_queue
from bot.services.replies import ReplyTo, reply_task
from bot.services.tasks import Finish, TaskContext, TaskHandler
from storage.tasks_repo import add_tasks

SOMETHING_WRONG = (
    ":warning: Something went wrong on our side (reference `t{id}`), and your kudos was not "
    "saved. Please try again in a minute; if it keeps happening, tell your Slack admin."
)


def refuse(ctx: TaskContext, reply_to: ReplyTo, text: str) -> Finish:
    """End the step by answering `text` privately (once)."""
    task = reply_task(
        key=f"reply:{ctx.task.key}", team_id=ctx.team_id, reply_to=reply_to, text=text, now=ctx.now
    )
    return Finish({"refused": True}, then=lambda s: add_tasks(session=s, tasks=[task], now=ctx.now))


def _check_people(
    ctx: TaskContext, request: GiveRequest, app_user_id: str | None
) -> tuple[Person, GiveRequest] | KudosRefusal:
    """The giver, and the request naming everyone it thanks (its user groups' members among
    them); or why they can't be thanked: the giver's own organisation (workspace, Enterprise
    Grid org) tells who is a stranger."""
    people = people_thanked(ctx, request)
    if isinstance(people, KudosRefusal):
        return people
    giver = ctx.deps.people.person(ctx.client(), request.team_id, request.giver_id)
    if (not_a_person := check_giver(giver)) is not None:
        return not_a_person
    organisation = organisation_of(request.team_id, giver)
    kept = members_who_can_receive(
        request, people, organisation=organisation, app_user_id=app_user_id
    )
    if isinstance(kept, KudosRefusal):
        return kept
    refusal = check_recipients(
        kept, giver_id=request.giver_id, app_user_id=app_user_id, organisation=organisation
    )
    if refusal is not None:
        return refusal
    everyone = tuple(p.user_id for p in kept)
    left_out = tuple(p.user_id for p in people if p.user_id not in everyone)
    thanked = replace(request, recipient_ids=everyone, group_ids=(), group_labels={})
    return giver, replace(thanked, left_out=left_out)


def give_now(
    ctx: TaskContext,
    request: GiveRequest,
    *,
    reply_to: ReplyTo,
    app_user_id: str | None,
    refusal_key: str | None = None,
) -> Finish:
    """Check, then store and queue delivery in the finishing transaction (a refusal found
    there is sent once per `refusal_key`, by default once per request)."""
    refusal = check_request(request)
    if refusal is not None:
        return refuse(ctx, reply_to, kudos_blocks.refusal_text(refusal))
    checked = _check_people(ctx, request, app_user_id)
    if isinstance(checked, KudosRefusal):
        return refuse(ctx, reply_to, kudos_blocks.refusal_text(checked))
    giver, request = checked

    def store(session: Session) -> None:
        store_and_queue(
            session,
            request,
            giver_tz=giver.tz,
            reply_to=reply_to,
            now=ctx.now,
            refusal_key=refusal_key,
        )

    return Finish({"checked": True}, then=store)


def _run_give(ctx: TaskContext) -> Finish:
    p = ctx.payload
    request = GiveRequest.from_payload(p["request"])
    return give_now(
        ctx, request, reply_to=ReplyTo.from_payload(p["reply_to"]), app_user_id=p["app_user_id"]
    )


def tell_failed(session: Session, task: Task, now: datetime, *, text: str) -> None:
    """Answer privately that `task` failed: `text`, its `{id}` the reference logged."""
    reply_to = ReplyTo.from_payload(task.payload["reply_to"])
    notice = reply_task(
        key=f"failed:{task.key}",
        team_id=str(task.team_id),
        reply_to=reply_to,
        text=text.format(id=task.id),
        now=now,
    )
    add_tasks(session=session, tasks=[notice], now=now)


def tell_it_went_wrong(session: Session, task: Task, reason: str, now: datetime) -> None:
    """A request that failed before anything was stored: say so, with the reference logged."""
    del reason
    tell_failed(session, task, now, text=SOMETHING_WRONG)


GIVE = TaskHandler(run=_run_give, on_failed=tell_it_went_wrong)
