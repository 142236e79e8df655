"""People of another organisation (Slack Connect) are refused; the workspace's own, and its
Enterprise Grid org's, are not."""

from __future__ import annotations

import pytest

from bot.domain.recipients import Organisation, Person, check_recipients, organisation_of
from bot.domain.refusals import RefusalCode

WORKSPACE = "T0HOME"
GRID = "E0GRID"
HOME = Organisation(frozenset({WORKSPACE}))
HOME_IN_GRID = Organisation(frozenset({WORKSPACE}), GRID)


def _check(person: Person, organisation: Organisation) -> RefusalCode | None:
    refusal = check_recipients(
        [person], giver_id="UGIVER", app_user_id="UBOT", organisation=organisation
    )
    return None if refusal is None else refusal.code


@pytest.mark.parametrize(
    ("person", "organisation", "expected"),
    [
        pytest.param(Person("UANA", team_id=WORKSPACE), HOME, None, id="same team"),
        pytest.param(
            Person("UEXT", team_id="T0OTHER"), HOME, RefusalCode.EXTERNAL_RECIPIENT, id="other team"
        ),
        pytest.param(
            Person("UEXT", team_id=WORKSPACE, is_stranger=True),
            HOME,
            RefusalCode.EXTERNAL_RECIPIENT,
            id="is_stranger",
        ),
        pytest.param(
            Person("UGRID", team_id="T0SISTER", enterprise_id=GRID),
            HOME_IN_GRID,
            None,
            id="same enterprise",
        ),
        pytest.param(
            Person("UEXT", team_id="T0OTHER", enterprise_id="E0OTHER"),
            HOME_IN_GRID,
            RefusalCode.EXTERNAL_RECIPIENT,
            id="other enterprise",
        ),
        pytest.param(
            Person("UEXT", team_id="T0OTHER", enterprise_id=GRID, is_stranger=True),
            HOME_IN_GRID,
            RefusalCode.EXTERNAL_RECIPIENT,
            id="is_stranger wins over the enterprise",
        ),
        pytest.param(
            Person("UEXT", team_id="T0OTHER", enterprise_id=GRID),
            HOME,
            RefusalCode.EXTERNAL_RECIPIENT,
            id="a workspace outside any grid",
        ),
        pytest.param(Person("UANA"), HOME, None, id="team not said"),
    ],
)
def test_who_is_of_this_organisation(
    person: Person, organisation: Organisation, expected: RefusalCode | None
) -> None:
    assert _check(person, organisation) is expected


def test_the_refusal_names_the_stranger_and_says_why() -> None:
    people = [Person("UANA", team_id=WORKSPACE), Person("UEXT", team_id="T0OTHER")]
    refusal = check_recipients(people, giver_id="UGIVER", app_user_id="UBOT", organisation=HOME)
    assert refusal is not None
    assert refusal.reason == (
        "<@UEXT> is in another organisation (Slack Connect); "
        "kudos are for people in this workspace."
    )


def test_several_strangers_are_named_together() -> None:
    people = [Person("UEXT1", team_id="T0OTHER"), Person("UEXT2", is_stranger=True)]
    refusal = check_recipients(people, giver_id="UGIVER", app_user_id="UBOT", organisation=HOME)
    assert refusal is not None
    assert refusal.reason.startswith("<@UEXT1>, <@UEXT2> are in another organisation")


def test_bots_and_self_kudos_are_refused_first() -> None:
    people = [Person("UEXT", team_id="T0OTHER"), Person("UHELPER", is_bot=True)]
    refusal = check_recipients(people, giver_id="UGIVER", app_user_id="UBOT", organisation=HOME)
    assert refusal is not None and refusal.code is RefusalCode.BOT_RECIPIENT


def test_without_an_organisation_nobody_is_a_stranger() -> None:
    people = [Person("UEXT", team_id="T0OTHER", is_stranger=True)]
    assert check_recipients(people, giver_id="UGIVER", app_user_id="UBOT") is None


@pytest.mark.parametrize(
    ("giver", "expected"),
    [
        (Person("UGIVER", team_id=WORKSPACE), Organisation(frozenset({WORKSPACE}))),
        (Person("UGIVER"), Organisation(frozenset({WORKSPACE}))),
        (
            Person("UGIVER", team_id="T0SISTER", enterprise_id=GRID),
            Organisation(frozenset({WORKSPACE, "T0SISTER"}), GRID),
        ),
    ],
)
def test_the_organisation_is_the_workspace_and_the_givers_own(
    giver: Person, expected: Organisation
) -> None:
    assert organisation_of(WORKSPACE, giver) == expected
