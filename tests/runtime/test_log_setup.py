"""Secrets never reach the logs, whatever shape they arrive in."""

from __future__ import annotations

import logging

import pytest

from bot.runtime.log_setup import RedactingFormatter, configure_logging
from tests.support.logs import app_logging


def _format(message: str, *args: object, exc: BaseException | None = None) -> str:
    formatter = RedactingFormatter("%(message)s", secrets=["my-signing-secret"])
    record = logging.LogRecord(
        "t", logging.INFO, __file__, 1, message, args, (type(exc), exc, None) if exc else None
    )
    return formatter.format(record)


def test_tokens_and_secrets_are_masked() -> None:
    line = _format("token=%s app=%s secret=%s", "xoxb-1-2-abc", "xapp-1-A1-zz", "my-signing-secret")
    assert "xoxb-1" not in line
    assert "xapp-1" not in line
    assert "my-signing-secret" not in line
    assert line.count("[redacted") == 3


def test_tracebacks_are_masked_too() -> None:
    line = _format("boom", exc=RuntimeError("failed with xoxb-999-secret"))
    assert "xoxb-999" not in line
    assert "RuntimeError" in line


def test_bolts_logger_gets_the_level_so_bolt_skips_its_per_request_debug_lines() -> None:
    root, bolt = logging.getLogger(), logging.getLogger("kudos.bolt")
    queue = logging.getLogger("waitress.queue")
    saved = (root.handlers[:], root.level, bolt.level, queue.level)
    try:
        configure_logging("INFO")
        assert bolt.level == logging.INFO  # Bolt checks the level set, not the effective one
        configure_logging("DEBUG")
        assert bolt.level == logging.DEBUG
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
        bolt.setLevel(saved[2])
        queue.setLevel(saved[3])


@pytest.mark.parametrize(
    ("message", "secret"),
    [
        pytest.param(
            "Failed to fetch oauth.v2.access result with code: SECRET-CODE-1 - error: boom",
            "SECRET-CODE-1",
            id="bolt-oauth-warning",
        ),
        pytest.param(
            "Handling an OAuth callback failure (reason: invalid_code, error: None, "
            "request: {'code': ['SECRET-CODE-2'], 'state': ['s']})",
            "SECRET-CODE-2",
            id="bolt-oauth-debug",
        ),
        pytest.param(
            "Sending a request - url: https://slack.com/api/oauth.v2.access, body_params: "
            "{'code': 'SECRET-CODE-4'}",
            "SECRET-CODE-4",
            id="slack-sdk-debug",
        ),
        pytest.param(
            "GET /slack/oauth_redirect?code=SECRET-CODE-3&state=s", "SECRET-CODE-3", id="query"
        ),
        pytest.param(
            "url: https://hooks.slack.com/commands/T1/123/SECRETHOOK1, body: {}",
            "SECRETHOOK1",
            id="response-url",
        ),
        pytest.param(
            '{"response_url": "https:\\/\\/hooks.slack.com\\/commands\\/T1\\/1\\/SECRETHOOK2"}',
            "SECRETHOOK2",
            id="response-url-json-escaped",
        ),
        pytest.param(
            "response_url=https%3A%2F%2Fhooks.slack.com%2Factions%2FT1%2F1%2FSECRETHOOK3&x=1",
            "SECRETHOOK3",
            id="response-url-form-encoded",
        ),
        pytest.param(
            "posting to https://hooks.slack.com/services/T1/B1/SECRETHOOK4",
            "SECRETHOOK4",
            id="incoming-webhook",
        ),
    ],
)
def test_oauth_codes_and_response_urls_are_masked(message: str, secret: str) -> None:
    assert secret not in _format(message)


def test_a_status_code_is_kept() -> None:
    assert _format("HTTP status code: 429, retry") == "HTTP status code: 429, retry"


def test_the_webhook_clients_debug_lines_are_not_logged_at_debug() -> None:
    with app_logging("DEBUG"):
        assert not logging.getLogger("slack_sdk.webhook.client").isEnabledFor(logging.INFO)
        assert logging.getLogger("slack_sdk.webhook.client").isEnabledFor(logging.WARNING)
