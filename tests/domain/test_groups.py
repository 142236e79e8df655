"""User groups in a kudos, as pure rules: whom the members add up to, and the refusals."""

from __future__ import annotations

import pytest

from bot.domain.groups import GroupMembers, GroupState, group_name, thankable, with_group_members
from bot.domain.recipients import Organisation, Person
from bot.domain.refusals import KudosRefusal, RefusalCode

LABELS = {"S1": "@support", "S2": "@ops"}


def _expand(named: tuple[str, ...], *groups: GroupMembers) -> tuple[str, ...] | KudosRefusal:
    return with_group_members(named, groups, giver_id="UGIVER", labels=LABELS)


@pytest.mark.parametrize(
    ("named", "groups", "expected"),
    [
        pytest.param((), [("S1", ("UA", "UB"))], ("UA", "UB"), id="group-only"),
        pytest.param((), [("S1", ("UA", "UGIVER", "UB"))], ("UA", "UB"), id="giver-left-out"),
        pytest.param(("UB",), [("S1", ("UA", "UB"))], ("UB", "UA"), id="named-first-once"),
        pytest.param(
            (), [("S1", ("UA", "UB")), ("S2", ("UB", "UC"))], ("UA", "UB", "UC"), id="overlap"
        ),
        pytest.param(("UGIVER",), [("S1", ("UA",))], ("UGIVER", "UA"), id="named-giver-kept"),
    ],
)
def test_members_add_up(
    named: tuple[str, ...], groups: list[tuple[str, tuple[str, ...]]], expected: tuple[str, ...]
) -> None:
    assert _expand(named, *(GroupMembers(g, users) for g, users in groups)) == expected


@pytest.mark.parametrize(
    ("group", "code", "words"),
    [
        (GroupMembers("S1"), RefusalCode.EMPTY_GROUP, "no one in `@support`"),
        (GroupMembers("S9"), RefusalCode.EMPTY_GROUP, "no one in a user group you mentioned"),
        (GroupMembers("S1", ("UGIVER",)), RefusalCode.SELF_KUDOS, "yourself"),
        (GroupMembers("S1", state=GroupState.UNKNOWN), RefusalCode.UNKNOWN_GROUP, "doesn't know"),
        (GroupMembers("S1", state=GroupState.UNREADABLE), RefusalCode.UNKNOWN_GROUP, "reinstall"),
        (
            GroupMembers("S1", tuple(f"U{i}" for i in range(21))),
            RefusalCode.TOO_MANY_RECIPIENTS,
            "That would thank 21 people (`@support` has 21 people)",
        ),
    ],
)
def test_refusals(group: GroupMembers, code: RefusalCode, words: str) -> None:
    refusal = _expand((), group)
    assert isinstance(refusal, KudosRefusal)
    assert refusal.code == code
    assert words in refusal.reason


def test_the_count_names_each_group() -> None:
    big = GroupMembers("S1", tuple(f"U{i}" for i in range(15)))
    other = GroupMembers("S2", (*(f"V{i}" for i in range(5)), "UGIVER"))
    refusal = _expand(("UX",), big, other)
    assert isinstance(refusal, KudosRefusal)
    assert "21 people (`@support` has 15 people, `@ops` has 6 people)" in refusal.reason


@pytest.mark.parametrize(
    ("label", "shown"),
    [("@support", "`@support`"), ("@a`b", "`@ab`"), ("", "a user group you mentioned")],
)
def test_group_name_never_pings(label: str, shown: str) -> None:
    assert group_name("S1", {"S1": label}) == shown
    assert "<!" not in group_name("S1", {"S1": label})


def test_thankable_keeps_named_people_and_drops_members_who_cannot_receive() -> None:
    home = Organisation(frozenset({"T1"}))
    people = [
        Person("UA", team_id="T1"),
        Person("UBOTX", is_bot=True),
        Person("UGONE", deleted=True),
        Person("UEXT", team_id="T2"),
        Person("UAPP"),
        Person("UNAMEDBOT", is_bot=True),
    ]
    kept = thankable(people, named=("UNAMEDBOT",), app_user_id="UAPP", organisation=home)
    assert isinstance(kept, list)
    assert [p.user_id for p in kept] == ["UA", "UNAMEDBOT"]
    nobody = thankable(people[1:5], named=(), app_user_id="UAPP", organisation=home)
    assert isinstance(nobody, KudosRefusal) and nobody.code == RefusalCode.EMPTY_GROUP
