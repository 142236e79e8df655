"""Secrets never reach the logs, whatever shape they arrive in."""

from __future__ import annotations

import logging

from bot.runtime.log_setup import RedactingFormatter, configure_logging


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
