"""Self-tests for FakeSlack's usergroups.users.list, as Slack's API reference describes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fake_slack import FakeSlack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.api_url)


def _error(client: WebClient, **params: object) -> SlackApiError:
    with pytest.raises(SlackApiError) as raised:
        client.usergroups_users_list(**params)  # type: ignore[arg-type]
    return raised.value


def test_lists_a_groups_users_in_order(fake: FakeSlack, client: WebClient) -> None:
    fake.add_user_group("S0614TZR7", ["U060R4BJ4", "W123A4BC5"])
    answer = client.usergroups_users_list(usergroup="S0614TZR7")
    assert answer.data == {"ok": True, "users": ["U060R4BJ4", "W123A4BC5"]}
    assert fake.calls_to("usergroups.users.list")[0].params == {"usergroup": "S0614TZR7"}


def test_a_disabled_group_lists_users_only_with_include_disabled(
    fake: FakeSlack, client: WebClient
) -> None:
    fake.add_user_group("S1", ["UANA"], disabled=True)
    assert client.usergroups_users_list(usergroup="S1")["users"] == []
    assert client.usergroups_users_list(usergroup="S1", include_disabled=True)["users"] == ["UANA"]


def test_unknown_or_missing_group(client: WebClient) -> None:
    assert _error(client, usergroup="SNOPE").response["error"] == "no_such_subteam"
    assert _error(client, usergroup="").response["error"] == "invalid_arguments"


def test_a_withheld_scope_answers_missing_scope_until_reset(
    fake: FakeSlack, client: WebClient
) -> None:
    fake.add_user_group("S1", ["UANA"])
    fake.withhold_scope("usergroups:read")
    error = _error(client, usergroup="S1")
    assert error.response["error"] == "missing_scope"
    assert error.response["needed"] == "usergroups:read"
    fake.reset()
    assert client.usergroups_users_list(usergroup="S1")["users"] == ["UANA"]  # groups kept
