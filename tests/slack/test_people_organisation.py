"""The people directory carries each person's team, Enterprise Grid org and stranger flag."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.domain.recipients import Person
from bot.slack.people import PeopleDirectory, person_from
from tests.support.fake_slack import TEAM_ID, FakeSlack


@pytest.fixture
def slack() -> Iterator[tuple[FakeSlack, WebClient]]:
    with FakeSlack() as fake:
        yield fake, WebClient(token="xoxb-people", base_url=fake.api_url)


def test_users_info_facts_reach_the_person(slack: tuple[FakeSlack, WebClient]) -> None:
    fake, client = slack
    fake.add_user("UEXT", team_id="T0OTHER")
    fake.add_user("USTRANGER", is_stranger=True)
    fake.add_user("UGRID", team_id="T0SISTER", enterprise_id="E0GRID")
    people = PeopleDirectory().lookup(client, TEAM_ID, ["UANA", "UEXT", "USTRANGER", "UGRID"])
    facts = [(p.team_id, p.enterprise_id, p.is_stranger) for p in people]
    assert facts == [
        (TEAM_ID, None, False),
        ("T0OTHER", None, False),
        (TEAM_ID, None, True),
        ("T0SISTER", "E0GRID", False),
    ]


def test_a_sparse_user_object_says_nothing_of_its_organisation() -> None:
    assert person_from("UANA", {"id": "UANA"}) == Person("UANA")


def test_a_permission_check_sees_an_admin_demoted_since_the_last_lookup(
    slack: tuple[FakeSlack, WebClient],
) -> None:
    fake, client = slack
    fake.add_user("UBOSS", is_admin=True)
    people = PeopleDirectory()
    assert people.person(client, TEAM_ID, "UBOSS").is_admin
    fake.add_user("UBOSS", is_admin=False)  # demoted in Slack a minute later
    assert people.person(client, TEAM_ID, "UBOSS").is_admin  # remembered, for time zones
    assert not people.fresh(client, TEAM_ID, "UBOSS").is_admin  # asked anew, for permissions
    assert not people.person(client, TEAM_ID, "UBOSS").is_admin  # and remembered so
