"""SlackGate, without a network server: only signed requests within the size limit get to Bolt,
and a refusal costs one short log line with nothing of the body."""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import time
from typing import Any

import pytest

from bot.runtime.http_guard import BODY_LIMIT, LOGGED_CHARS, Refusal, Signed, SlackGate, shown
from tests.support.slack_requests import signed_headers

SECRET = "gate-signing-secret"
FORM = "application/x-www-form-urlencoded"
BODY = b"token=x&team_id=T1&command=%2Fkudos&text=hello"


def _environ(body: bytes, headers: dict[str, str], **extra: Any) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "CONTENT_LENGTH": str(len(body)),
        "REMOTE_ADDR": "203.0.113.9",
        "wsgi.input": io.BytesIO(body),
    }
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    environ.update(extra)
    return environ


def _signed(body: bytes, **kw: Any) -> dict[str, str]:
    return signed_headers(body, signing_secret=SECRET, content_type=FORM, **kw)


class _Unreadable(io.RawIOBase):
    """A body that must not be read."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")


class _Endless(io.RawIOBase):
    """A body without a length that never ends; counts what was read."""

    taken = 0

    def read(self, size: int = -1) -> bytes:
        chunk = min(size, 64 * 1024)
        self.taken += chunk
        return b"a" * chunk


def test_a_signed_request_goes_on_with_its_body_read_once() -> None:
    environ = _environ(BODY, _signed(BODY))
    assert SlackGate(SECRET).admit(environ) == Signed(
        BODY.decode(), {"token": "x", "team_id": "T1", "command": "/kudos", "text": "hello"}
    )
    assert environ["CONTENT_LENGTH"] == str(len(BODY))


def _stale() -> dict[str, str]:
    return _signed(BODY, timestamp=int(time.time()) - 301)


def _other_secret() -> dict[str, str]:
    return signed_headers(BODY, signing_secret="another-secret", content_type=FORM)


def _with(**changes: str) -> dict[str, str]:
    return {**_signed(BODY), **changes}


HOSTILE = {
    "no headers": lambda: {"Content-Type": FORM},
    "no signature": lambda: {k: v for k, v in _signed(BODY).items() if k != "X-Slack-Signature"},
    "no timestamp": lambda: {
        k: v for k, v in _signed(BODY).items() if k != "X-Slack-Request-Timestamp"
    },
    "stale": _stale,
    "future": lambda: _signed(BODY, timestamp=int(time.time()) + 301),
    "another secret": _other_secret,
    "timestamp not a number": lambda: _with(**{"X-Slack-Request-Timestamp": "1e9"}),
    "timestamp too long": lambda: _with(**{"X-Slack-Request-Timestamp": "9" * 5000}),
    "timestamp unicode digits": lambda: _with(**{"X-Slack-Request-Timestamp": "١٢٣"}),
    "signature not hex": lambda: _with(**{"X-Slack-Signature": "v0=" + "é" * 64}),
    "signature v1": lambda: _with(**{"X-Slack-Signature": "v1=" + "0" * 64}),
}


@pytest.mark.parametrize("headers", HOSTILE.values(), ids=HOSTILE.keys())
def test_unsigned_requests_are_401(headers: Any) -> None:
    refusal = SlackGate(SECRET).admit(_environ(BODY, headers()))
    assert isinstance(refusal, Refusal)
    assert refusal.status.startswith("401")


@pytest.mark.parametrize(
    "body",
    [b"payload=%7Bnot-json", b"payload=[1,2]", b"\xff\xfe\x00garbage", b"", b"\x00" * 100],
    ids=["invalid json", "payload list", "not utf-8", "empty", "nul bytes"],
)
def test_unsigned_garbage_is_401(body: bytes) -> None:
    refusal = SlackGate(SECRET).admit(_environ(body, {"Content-Type": FORM}))
    assert isinstance(refusal, Refusal)
    assert refusal.status.startswith("401")


def test_a_body_that_is_not_utf8_is_401_even_with_a_matching_hmac() -> None:
    body, timestamp = b"text=\xff\xfe", str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
    headers = {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
    }
    refusal = SlackGate(SECRET).admit(_environ(body, headers))
    assert isinstance(refusal, Refusal)
    assert refusal.status.startswith("401")


def test_a_body_declared_over_the_limit_is_413_unread() -> None:
    environ = _environ(b"", _signed(BODY), CONTENT_LENGTH=str(BODY_LIMIT + 1))
    environ["wsgi.input"] = _Unreadable()
    refusal = SlackGate(SECRET).admit(environ)
    assert isinstance(refusal, Refusal)
    assert refusal.status.startswith("413")


def test_a_body_without_a_length_is_read_to_the_limit_only() -> None:
    stream = _Endless()
    environ = _environ(b"", _signed(BODY), CONTENT_LENGTH="", **{"wsgi.input": stream})
    refusal = SlackGate(SECRET).admit(environ)
    assert isinstance(refusal, Refusal)
    assert refusal.status.startswith("413")
    assert stream.taken == BODY_LIMIT + 1


def test_a_malformed_length_is_400() -> None:
    environ = _environ(BODY, _signed(BODY), CONTENT_LENGTH="12abc")
    refusal = SlackGate(SECRET).admit(environ)
    assert isinstance(refusal, Refusal)
    assert refusal.status.startswith("400")


def test_a_refusal_is_one_short_line_without_the_body(caplog: pytest.LogCaptureFixture) -> None:
    body = b"text=SECRET-BODY-MARKER\n2026-12-01 12:00:00,000 ERROR forged: line"
    agent = "curl\n2026-12-01 12:00:00,000 ERROR forged\x1b[31m" + "x" * 5000
    headers = {"User-Agent": agent, "X-Slack-Request-Timestamp": "1\r\n2"}
    with caplog.at_level(logging.DEBUG):
        SlackGate(SECRET).admit(_environ(body, headers))
    (record,) = caplog.records
    line = record.getMessage()
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert "SECRET-BODY-MARKER" not in line
    assert len(line) < 250


def test_shown_cuts_and_cleans() -> None:
    assert shown("a\nb\x00c\u2028d") == "a?b?c?d"
    assert len(shown("y" * 1000)) == LOGGED_CHARS + 3
