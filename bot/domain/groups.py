"""User groups in a kudos: whom their members add up to, and why a group can't be thanked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.kudos_text import MAX_RECIPIENTS
from bot.domain.recipients import SELF_KUDOS, Organisation, Person
from bot.domain.refusals import KudosRefusal, RefusalCode


class GroupState(StrEnum):
    """What Slack said of a user group."""

    LISTED = "listed"  # its members (none for an empty or disabled group)
    UNKNOWN = "unknown"  # no such group in this workspace
    UNREADABLE = "unreadable"  # the app may not read user groups (installed without the scope)


@dataclass(frozen=True)
class GroupMembers:
    """The members of one user group, as Slack listed them."""

    group_id: str
    user_ids: tuple[str, ...] = ()
    state: GroupState = GroupState.LISTED


def group_name(group_id: str, labels: Mapping[str, str]) -> str:
    """The group as the giver typed it (`@support`), or a neutral stand-in: never a ping."""
    label = labels.get(group_id, "").replace("`", "")
    return f"`{label}`" if label else "a user group you mentioned"


def _group_refusal(group: GroupMembers, labels: Mapping[str, str]) -> KudosRefusal | None:
    name = group_name(group.group_id, labels)
    if group.state is GroupState.UNREADABLE:
        return KudosRefusal(
            RefusalCode.UNKNOWN_GROUP,
            f"I can't read who is in {name} yet: ask a Slack admin to reinstall the app so it "
            "may read user groups, or mention each person.",
        )
    if group.state is GroupState.UNKNOWN:
        return KudosRefusal(
            RefusalCode.UNKNOWN_GROUP,
            f"Slack doesn't know {name} in this workspace; pick it from the @-mention list, or "
            "mention each person.",
        )
    if not group.user_ids:
        return KudosRefusal(
            RefusalCode.EMPTY_GROUP,
            f"There is no one in {name} (it is empty or disabled); mention each person instead.",
        )
    return None


def _too_many(total: int, groups: Sequence[GroupMembers], labels: Mapping[str, str]) -> str:
    sizes = ", ".join(
        f"{group_name(g.group_id, labels)} has {len(g.user_ids)} "
        + ("person" if len(g.user_ids) == 1 else "people")
        for g in groups
    )
    return (
        f"That would thank {total} people ({sizes}); one kudos can thank at most "
        f"{MAX_RECIPIENTS}. Mention the people you mean (up to {MAX_RECIPIENTS}), or a smaller "
        "group."
    )


def with_group_members(
    named: Sequence[str],
    groups: Sequence[GroupMembers],
    *,
    giver_id: str,
    labels: Mapping[str, str],
) -> tuple[str, ...] | KudosRefusal:
    """Everyone a kudos thanks: the people named, then each group's members with the giver
    left out, once each, at most MAX_RECIPIENTS; or why not."""
    for group in groups:
        refusal = _group_refusal(group, labels)
        if refusal is not None:
            return refusal
    members = [u for g in groups for u in g.user_ids if u != giver_id]
    everyone = tuple(dict.fromkeys([*named, *members]))
    if not everyone:  # the giver was the only member
        return SELF_KUDOS
    if len(everyone) > MAX_RECIPIENTS:
        return KudosRefusal(
            RefusalCode.TOO_MANY_RECIPIENTS, _too_many(len(everyone), groups, labels)
        )
    return everyone


def _cannot_receive(person: Person, app_user_id: str | None, organisation: Organisation) -> bool:
    if person.is_bot or person.user_id in (app_user_id, "USLACKBOT"):
        return True
    return person.deleted or not organisation.includes(person)


def thankable(
    people: Sequence[Person],
    *,
    named: Sequence[str],
    app_user_id: str | None,
    organisation: Organisation,
) -> list[Person] | KudosRefusal:
    """The people to thank: those named as they are (the rules refuse the ones who can't be
    thanked), group members only when they can receive kudos (bots, deactivated people and other
    organisations' left out); or why no one is left."""
    asked = set(named)
    kept = [
        p for p in people if p.user_id in asked or not _cannot_receive(p, app_user_id, organisation)
    ]
    if not kept:
        return KudosRefusal(
            RefusalCode.EMPTY_GROUP,
            "No one in the user groups you mentioned can receive kudos (bots and deactivated "
            "people can't); mention each person instead.",
        )
    return kept
