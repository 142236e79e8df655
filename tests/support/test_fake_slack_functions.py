"""Self-tests for FakeSlack's custom step methods and chat.getPermalink, through slack_sdk."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fake_slack import FakeSlack

STEP_TOKEN = "xwfp-step-token"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """A running FakeSlack with one custom step running."""
    with FakeSlack() as fake:
        fake.start_function("Fx1", STEP_TOKEN)
        yield fake


def _client(fake: FakeSlack, token: str = STEP_TOKEN) -> WebClient:
    return WebClient(token=token, base_url=fake.api_url)


def _error(call: object) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()  # type: ignore[operator]
    return str(raised.value.response["error"])


def test_complete_success_records_the_outputs_and_revokes_the_token(fake: FakeSlack) -> None:
    client = _client(fake)
    client.functions_completeSuccess(function_execution_id="Fx1", outputs={"link": "K1"})
    [call] = fake.calls_to("functions.completeSuccess")
    assert call.params["outputs"] == {"link": "K1"}
    assert call.token == STEP_TOKEN
    assert _error(lambda: client.chat_postMessage(channel="C1", text="late")) == "token_revoked"


def test_only_the_steps_token_completes_it_and_only_once(fake: FakeSlack) -> None:
    other = _client(fake, "xoxb-installation")
    assert (
        _error(lambda: other.functions_completeError(function_execution_id="Fx1", error="no"))
        == "access_denied"
    )
    _client(fake).functions_completeError(function_execution_id="Fx1", error="Nope.")
    fake.start_function("Fx2", "xwfp-second")
    second = _client(fake, "xwfp-second")
    second.functions_completeSuccess(function_execution_id="Fx2", outputs={})
    fake.start_function("Fx2", "xwfp-third")  # a stale id: Slack says it is over
    third = _client(fake, "xwfp-third")
    assert (
        _error(lambda: third.functions_completeSuccess(function_execution_id="Fx2", outputs={}))
        == "execution_not_in_running_state"
    )


def test_an_unknown_execution_is_not_found(fake: FakeSlack) -> None:
    client = _client(fake)
    assert (
        _error(lambda: client.functions_completeError(function_execution_id="FxNO", error="x"))
        == "function_execution_not_found"
    )


def test_permalinks_are_for_posted_messages(fake: FakeSlack) -> None:
    client = _client(fake, "xoxb-installation")
    ts = client.chat_postMessage(channel="CTEAM", text="hi")["ts"]
    link = client.chat_getPermalink(channel="CTEAM", message_ts=ts)["permalink"]
    assert link == f"https://example.slack.com/archives/CTEAM/p{ts.replace('.', '')}"
    assert (
        _error(lambda: client.chat_getPermalink(channel="CTEAM", message_ts="1.2"))
        == "message_not_found"
    )


def test_reset_forgets_running_steps(fake: FakeSlack) -> None:
    fake.reset()
    client = _client(fake)
    assert (
        _error(lambda: client.functions_completeError(function_execution_id="Fx1", error="x"))
        == "function_execution_not_found"
    )
