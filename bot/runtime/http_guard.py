"""The door to Bolt: a POST to /slack/events goes on only when Slack signed it, and only up to a
size Slack sends. A refusal costs one short log line: its body is never logged, and what comes
from its headers is cut short and stripped of control characters."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.signature import SignatureVerifier

from bot.domain.slack_body import Unreadable, read_body

log = logging.getLogger(__name__)

# Slack documents no maximum for what it sends. Our largest payloads are a message shortcut's
# message (Slack truncates message text at 40,000 characters) and a modal's state; form-encoded,
# a character takes at most 12 bytes (4 UTF-8 bytes, each written %XX), so under 0.5 MB. 1 MiB
# is twice that, and a quarter of the 4 MB that Bolt for JavaScript refuses above by default.
BODY_LIMIT = 1024 * 1024
MAX_SKEW_SECONDS = 5 * 60  # Slack's rule for the timestamp, which SignatureVerifier applies too
LOGGED_CHARS = 40
_LENGTH = re.compile(r"[0-9]{1,18}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]")  # control characters, newlines, anything not ASCII


@dataclass(frozen=True)
class Refusal:
    """An answer instead of Bolt's: the HTTP status and the `error` of the JSON body."""

    status: str
    error: str


@dataclass(frozen=True)
class Signed:
    """A request Slack signed: its body as text and as Bolt reads it."""

    raw: str
    body: dict[str, Any]


UNAUTHORIZED = Refusal("401 Unauthorized", "invalid request")  # what Bolt answers
TOO_LARGE = Refusal("413 Content Too Large", "request body too large")
BAD_REQUEST = Refusal("400 Bad Request", "bad request")


def shown(value: object) -> str:
    """`value` fit for one log line: printable ASCII only, at most LOGGED_CHARS characters."""
    text = _UNPRINTABLE.sub("?", str(value))
    return text if len(text) <= LOGGED_CHARS else text[:LOGGED_CHARS] + "..."


def _read(stream: Any, want: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < want:
        chunk = stream.read(want - size)
        if not chunk:
            break
        chunks.append(bytes(chunk))
        size += len(chunk)
    return b"".join(chunks)


class SlackGate:
    """Checks Slack's signature (v0 HMAC, timestamp within 5 minutes) and the body's size before
    Bolt sees a request, and reads the body for Bolt; Bolt checks the signature again."""

    def __init__(self, signing_secret: str) -> None:
        """Verify with this signing secret."""
        self._verifier = SignatureVerifier(signing_secret)

    def admit(self, environ: dict[str, Any]) -> Signed | Refusal:
        """The request as Slack signed it, its body read once for Bolt; else the refusal."""
        body = self._body(environ)
        if isinstance(body, Refusal):
            return body
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:  # Slack signs UTF-8 text: this was not Slack
            return self._refuse(environ, UNAUTHORIZED, "body is not UTF-8")
        why = self._unsigned(environ, text)
        if why is not None:
            return self._refuse(environ, UNAUTHORIZED, why)
        content_type = str(environ.get("CONTENT_TYPE") or "").split(";")[0].strip()
        read = read_body(text, content_type or None)
        if isinstance(read, Unreadable):  # signed, but Bolt could not read it: 400, not its 500
            return self._refuse(environ, BAD_REQUEST, read.reason)
        return Signed(text, read)

    def _body(self, environ: dict[str, Any]) -> bytes | Refusal:
        """The body, read only when within BODY_LIMIT; else the refusal."""
        raw_length = str(environ.get("CONTENT_LENGTH") or "").strip()
        if raw_length and not _LENGTH.fullmatch(raw_length):
            return self._refuse(environ, BAD_REQUEST, "malformed Content-Length")
        declared = int(raw_length) if raw_length else None
        if declared is not None and declared > BODY_LIMIT:  # refused unread
            return self._refuse(environ, TOO_LARGE, f"{declared} bytes declared")
        stream = environ.get("wsgi.input")
        want = BODY_LIMIT + 1 if declared is None else declared
        body = b"" if stream is None else _read(stream, want)
        if len(body) > BODY_LIMIT:
            return self._refuse(environ, TOO_LARGE, f"over {BODY_LIMIT} bytes without a length")
        return body

    def _unsigned(self, environ: dict[str, Any], text: str) -> str | None:
        """Why Slack did not sign this request, or None when it did."""
        timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
        signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
        if not timestamp or not signature:
            return "not signed"
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return "malformed signature headers"
        skew = abs(self._verifier.clock.now() - int(timestamp))
        if skew > MAX_SKEW_SECONDS:
            return f"timestamp {skew:.0f} s away from now"
        if not self._verifier.is_valid(text, timestamp, signature):
            return "bad signature"
        return None

    def _refuse(self, environ: dict[str, Any], refusal: Refusal, why: str) -> Refusal:
        log.warning(
            "refused %s %s with %s: %s; from %s, user agent %s",
            shown(environ.get("REQUEST_METHOD")),
            shown(environ.get("PATH_INFO")),
            refusal.status[:3],
            why,
            shown(environ.get("REMOTE_ADDR", "?")),
            shown(environ.get("HTTP_USER_AGENT", "-")),
        )
        return refusal
