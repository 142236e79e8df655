"""How a failed response_url post is treated: Slack's errors and its "slow down" are tried
again; what the request itself got wrong is not."""

from __future__ import annotations

import pytest

from bot.slack.failures import FailureKind, ResponseUrlError, classify

CASES = {
    "server error": (500, FailureKind.TRANSIENT),
    "unavailable": (503, FailureKind.TRANSIENT),
    "rate limited": (429, FailureKind.TRANSIENT),
    "expired or used up": (404, FailureKind.PERMANENT),
    "bad payload": (400, FailureKind.PERMANENT),
}


@pytest.mark.parametrize(("status", "kind"), CASES.values(), ids=CASES.keys())
def test_a_response_url_failure_is_retried_only_when_slack_may_take_it_later(
    status: int, kind: FailureKind
) -> None:
    failure = classify(ResponseUrlError(status, "no"))
    assert failure is not None
    assert (failure.kind, failure.reason) == (kind, f"response_url HTTP {status}")
