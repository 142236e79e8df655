"""Build, sign and send HTTP requests to the app exactly as Slack does (commands, events, actions).

Usage::

    sender = SlackSender("http://127.0.0.1:3000/slack/events", signing_secret="secret")
    result = sender.command("@alice thanks!", response_url=fake.response_url("cmd"))
    assert result.status == 200
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import secrets
import string
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json"
VERIFICATION_TOKEN = "vErIfIcAtIoNtOkEn0fAkE000"
API_APP_ID = "A0KUDOS"
TEAM_DOMAIN = "example"
BOT_USER_ID = "UBOT"


@dataclass(frozen=True)
class SlackHttpResult:
    """The app's HTTP answer to one request."""

    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        """A response header, looked up case-insensitively."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)


def signed_headers(
    body: bytes,
    *,
    signing_secret: str,
    timestamp: int | None = None,
    content_type: str,
) -> dict[str, str]:
    """Slack's request-signing headers (v0 HMAC-SHA256) plus Content-Type for ``body``."""
    ts = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{ts}:{body.decode('utf-8')}".encode()
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": f"v0={digest}",
    }


def new_trigger_id() -> str:
    """A fresh, realistic trigger_id such as ``13345224609.738474920.8088930838d88f00...``."""
    first = 10_000_000_000 + secrets.randbelow(90_000_000_000)
    second = 100_000_000 + secrets.randbelow(900_000_000)
    return f"{first}.{second}.{secrets.token_hex(16)}"


def new_event_id() -> str:
    """A fresh, realistic event_id such as ``Ev08MFMKH6J1``."""
    alphabet = string.ascii_uppercase + string.digits
    return "Ev" + "".join(secrets.choice(alphabet) for _ in range(10))


def slash_command_body(
    *,
    text: str,
    user_id: str = "UGIVER",
    team_id: str = "T0TEST",
    channel_id: str = "CGENERAL",
    channel_name: str = "general",
    command: str = "/kudos",
    trigger_id: str | None = None,
    response_url: str,
) -> bytes:
    """A form-encoded slash-command body with every field Slack sends."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": API_APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(),
    }
    return urlencode(fields).encode()


def event_body(
    event: dict[str, Any], *, team_id: str = "T0TEST", event_id: str | None = None
) -> bytes:
    """A JSON ``event_callback`` envelope around ``event``, as the Events API delivers it."""
    envelope = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "api_app_id": API_APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return json.dumps(envelope, separators=(",", ":")).encode()


def interaction_body(payload: dict[str, Any]) -> bytes:
    """A form-encoded ``payload=<json>`` body (shortcuts, block_actions, view_submission)."""
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))}).encode()


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """An HTTP(S) connection for ``url`` plus the request target (path and query)."""
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = parts.hostname or "127.0.0.1"
    if parts.scheme == "https":
        return http.client.HTTPSConnection(host, parts.port, timeout=timeout), target
    return http.client.HTTPConnection(host, parts.port, timeout=timeout), target


def _response_headers(response: http.client.HTTPResponse) -> dict[str, str]:
    """Response headers as a dict (repeated headers joined with ``, ``)."""
    headers: dict[str, str] = {}
    for name, value in response.getheaders():
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    retry_num: int | None = None,
    retry_reason: str | None = None,
    timeout: float = 10.0,
) -> SlackHttpResult:
    """POST ``body`` to ``url`` (4xx/5xx returned, not raised); retry args add Slack's headers."""
    all_headers = {**headers, "Content-Length": str(len(body)), "User-Agent": "Slackbot 1.0"}
    if retry_num is not None:
        all_headers["X-Slack-Retry-Num"] = str(retry_num)
    if retry_reason is not None:
        all_headers["X-Slack-Retry-Reason"] = retry_reason
    connection, target = _connection(url, timeout)
    started = time.perf_counter()
    try:
        connection.request("POST", target, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        return SlackHttpResult(response.status, _response_headers(response), data, elapsed)
    finally:
        connection.close()


class SlackSender:
    """Signs and posts Slack requests to one app endpoint."""

    def __init__(
        self,
        url: str,
        signing_secret: str,
        *,
        response_url: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.url = url
        self.signing_secret = signing_secret
        self.response_url = response_url
        self.timeout = timeout

    def send(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
    ) -> SlackHttpResult:
        """Sign and post an already-built body."""
        headers = signed_headers(
            body, signing_secret=self.signing_secret, timestamp=timestamp, content_type=content_type
        )
        return post(
            self.url,
            body,
            headers,
            retry_num=retry_num,
            retry_reason=retry_reason,
            timeout=self.timeout,
        )

    def command(self, text: str, *, timestamp: int | None = None, **kw: Any) -> SlackHttpResult:
        """Send a slash command; ``kw`` goes to ``slash_command_body``."""
        if self.response_url is not None:
            kw.setdefault("response_url", self.response_url)
        body = slash_command_body(text=text, **kw)
        return self.send(body, FORM_CONTENT_TYPE, timestamp=timestamp)

    def event(
        self,
        event: dict[str, Any],
        *,
        timestamp: int | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        **kw: Any,
    ) -> SlackHttpResult:
        """Send an Events API callback; ``kw`` goes to ``event_body``."""
        body = event_body(event, **kw)
        return self.send(
            body,
            JSON_CONTENT_TYPE,
            timestamp=timestamp,
            retry_num=retry_num,
            retry_reason=retry_reason,
        )

    def interaction(
        self, payload: dict[str, Any], *, timestamp: int | None = None
    ) -> SlackHttpResult:
        """Send an interactivity payload (shortcut, block_actions, view_submission)."""
        return self.send(interaction_body(payload), FORM_CONTENT_TYPE, timestamp=timestamp)
