"""Whom a request thanks once its user groups are known: the people named and the groups'
members, looked up; after the ack, as every lookup is."""

from __future__ import annotations

from bot.domain.groups import thankable, with_group_members
from bot.domain.recipients import Organisation, Person
from bot.domain.refusals import KudosRefusal
from bot.services.giving.request import GiveRequest
from bot.services.tasks import TaskContext


def people_thanked(ctx: TaskContext, request: GiveRequest) -> list[Person] | KudosRefusal:
    """The people behind the request, in order, each once: those named, then the groups'
    members without the giver; or why the groups can't be thanked (unknown, empty, more than
    the limit: counted before anyone is looked up)."""
    directory, client, team_id = ctx.deps.people, ctx.client(), request.team_id
    if not request.group_ids:
        return directory.lookup(client, team_id, request.recipient_ids)
    groups = [ctx.deps.groups.members(client, team_id, g) for g in request.group_ids]
    user_ids = with_group_members(
        request.recipient_ids, groups, giver_id=request.giver_id, labels=request.group_labels
    )
    if isinstance(user_ids, KudosRefusal):
        return user_ids
    return directory.lookup(client, team_id, user_ids)


def members_who_can_receive(
    request: GiveRequest,
    people: list[Person],
    *,
    organisation: Organisation,
    app_user_id: str | None,
) -> list[Person] | KudosRefusal:
    """`people` without the group members who can't receive kudos (bots, deactivated people,
    other organisations'); people named stay, for the rules to check."""
    if not request.group_ids:
        return people
    return thankable(
        people, named=request.recipient_ids, app_user_id=app_user_id, organisation=organisation
    )
