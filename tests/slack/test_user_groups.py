"""The user-group directory: Slack's answers as GroupMembers, cached briefly per workspace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.groups import GroupMembers, GroupState
from bot.slack.groups import UserGroups
from tests.support.fake_slack import FakeSlack


@pytest.fixture
def slack() -> Iterator[tuple[FakeSlack, WebClient]]:
    with FakeSlack() as fake:
        yield fake, WebClient(token="xoxb-groups", base_url=fake.api_url)


def test_answers_become_members(slack: tuple[FakeSlack, WebClient]) -> None:
    fake, client = slack
    fake.add_user_group("S1", ["UA", "UB", "UA"])
    fake.add_user_group("S2", ["UA"], disabled=True)
    groups = UserGroups()
    assert groups.members(client, "T1", "S1") == GroupMembers("S1", ("UA", "UB"))
    assert groups.members(client, "T1", "S2") == GroupMembers("S2", ())
    assert groups.members(client, "T1", "S3") == GroupMembers("S3", state=GroupState.UNKNOWN)
    assert all("include_disabled" not in c.params for c in fake.calls)


def test_cached_per_workspace_until_the_ttl(slack: tuple[FakeSlack, WebClient]) -> None:
    fake, client = slack
    fake.add_user_group("S1", ["UA"])
    clock = [0.0]
    groups = UserGroups(ttl_seconds=60, monotonic=lambda: clock[0])
    groups.members(client, "T1", "S1")
    fake.add_user_group("S1", ["UA", "UB"])
    assert groups.members(client, "T1", "S1").user_ids == ("UA",)  # remembered
    assert groups.members(client, "T2", "S1").user_ids == ("UA", "UB")  # another workspace
    clock[0] = 61
    assert groups.members(client, "T1", "S1").user_ids == ("UA", "UB")  # asked again
    assert len(fake.calls_to("usergroups.users.list")) == 3


def test_an_unexpected_error_is_raised(slack: tuple[FakeSlack, WebClient]) -> None:
    fake, client = slack
    fake.fail("usergroups.users.list", "invalid_auth")
    with pytest.raises(SlackApiError):
        UserGroups().members(client, "T1", "S1")
