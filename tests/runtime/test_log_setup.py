"""Secrets never reach the logs, whatever shape they arrive in."""

from __future__ import annotations

import logging

from bot.runtime.log_setup import RedactingFormatter


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
