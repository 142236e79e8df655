"""Logging set-up that keeps tokens and secrets out of every log line, tracebacks included."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

# xox…: bot, user and refresh tokens; xapp: app-level; xwfp: a workflow step's short-lived one.
_TOKEN = re.compile(r"\bx(?:ox[abposre]|app|wfp)-[A-Za-z0-9-]+")
# A response_url or incoming webhook lets whoever holds it post as the app: plain, JSON-escaped
# or URL-encoded.
_HOOK_URL = re.compile(
    r"https?(?::|%3A)(?:/|\\/|%2F){2}hooks\.slack(?:-gov)?\.com(?:/|\\/|%2F)[^\s'\"<>&]+",
    re.IGNORECASE,
)
# An OAuth code, as Bolt and slack_sdk log it ("… with code: X - error: …", the query
# "{'code': ['X']…", the call's "{'code': 'X'}") or in a query string: with the client secret
# it installs the app.
_OAUTH_CODE = re.compile(r"(\bwith code: |(?<![\w.-])code=|'code': \[?')[^\s&'\"\],]+")


class RedactingFormatter(logging.Formatter):
    """Format records, then mask Slack tokens and the given secrets anywhere in the output."""

    def __init__(self, fmt: str, secrets: Iterable[str] = ()) -> None:
        """Mask these exact strings as well as anything shaped like a Slack token."""
        super().__init__(fmt)
        self._secrets = [s for s in secrets if len(s) >= 6]

    def redact(self, text: str) -> str:
        """The text with secrets masked."""
        text = _TOKEN.sub("[redacted-token]", text)
        text = _HOOK_URL.sub("[redacted-url]", text)
        text = _OAUTH_CODE.sub(r"\1[redacted]", text)
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record, masked."""
        return self.redact(super().format(record))


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level`, masking secrets in every line."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # waitress warns on every request while requests queue for a thread: under load that is
    # a log line per request, which makes the load worse. Slow acks show in /healthz and logs.
    logging.getLogger("waitress.queue").setLevel(max(logging.getLevelName(level), logging.ERROR))
    # Bolt formats a debug line per middleware per request unless its logger's own level (not
    # the effective one) is above DEBUG: give the app's Bolt logger the level it inherits.
    logging.getLogger("kudos.bolt").setLevel(level)  # the logger bot.app hands Bolt
    # slack_sdk's webhook client logs each response_url it posts to, and the whole message, at
    # DEBUG (and its retries at INFO): a credential and people's words, in every debug log.
    logging.getLogger("slack_sdk.webhook").setLevel(
        max(logging.getLevelName(level), logging.WARNING)
    )
