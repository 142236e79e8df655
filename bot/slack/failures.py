"""What a failed Slack call means for the step that made it: wait, retry later, or give up."""

from __future__ import annotations

import http.client
import socket
import urllib.error
from dataclasses import dataclass
from enum import StrEnum

from slack_sdk.errors import SlackApiError, SlackClientError

# Slack's own "try again" codes; any other `ok: false` answer will not change by retrying.
TRANSIENT_CODES = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
)


class FailureKind(StrEnum):
    """How to treat a failure."""

    TRANSIENT = "transient"  # retry with backoff
    PERMANENT = "permanent"  # give up now


@dataclass(frozen=True)
class Failure:
    """A classified failure and the short reason recorded for it."""

    kind: FailureKind
    reason: str


NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    urllib.error.URLError,
    http.client.HTTPException,
    ConnectionError,
    socket.timeout,
    TimeoutError,
)


def classify(error: BaseException) -> Failure | None:
    """How to treat an error from a Slack call; None when it is not a Slack or network error."""
    if isinstance(error, ResponseUrlError):
        return classify_response_url(error)
    if isinstance(error, SlackApiError):
        status = error.response.status_code
        code = f"HTTP {status}" if status >= 500 else str(error.response.get("error") or status)
        if status >= 500 or status == 429 or code in TRANSIENT_CODES:
            return Failure(FailureKind.TRANSIENT, code)
        return Failure(FailureKind.PERMANENT, code)
    if isinstance(error, NETWORK_ERRORS):
        return Failure(FailureKind.TRANSIENT, type(error).__name__)
    if isinstance(error, SlackClientError):
        return Failure(FailureKind.PERMANENT, f"{type(error).__name__}: {error}"[:200])
    return None


class ResponseUrlError(RuntimeError):
    """Slack answered a response_url post with an HTTP error."""

    def __init__(self, status: int, body: str) -> None:
        """The status and the start of the body Slack sent."""
        super().__init__(f"response_url answered HTTP {status}: {body[:80]}")
        self.status = status


def classify_response_url(error: ResponseUrlError) -> Failure:
    """5xx and 429 (Slack asking to slow down) are worth another try; anything else is not."""
    retry = error.status >= 500 or error.status == 429
    kind = FailureKind.TRANSIENT if retry else FailureKind.PERMANENT
    return Failure(kind, f"response_url HTTP {error.status}")
