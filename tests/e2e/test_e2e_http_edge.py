"""End to end, at the HTTP edge of the real server: unsigned and oversized requests are refused
cheaply (401/413, one short log line, never their body), signed ones still work."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.runtime.http_guard import BODY_LIMIT
from tests.support.e2e import Stack, Workspace
from tests.support.fake_slack import FakeSlack
from tests.support.live_server import SIGNING_SECRET, LiveServer, start_server
from tests.support.slack_requests import FORM_CONTENT_TYPE, post, signed_headers


@pytest.fixture
def stack(module_stack: Stack) -> Stack:
    """A server of this module's own: its tests measure all the server logs meanwhile."""
    return module_stack


FORGED = "1999-01-01 00:00:00,000 ERROR bot.forged: FORGED"
FEW_KB = 6 * 1024


def _signed(body: bytes, **kw: int) -> dict[str, str]:
    return signed_headers(body, signing_secret=SIGNING_SECRET, content_type=FORM_CONTENT_TYPE, **kw)


def _changed(body: bytes, **changes: str) -> dict[str, str]:
    return {**_signed(body), **changes}


def _raw(server: LiveServer, head: bytes, chunks: tuple[bytes, ...] = ()) -> bytes:
    """Send a hand-made request (headers as given, then `chunks` until the server stops
    reading); return what the server answered."""
    parts = urlsplit(server.base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head)
        try:
            for chunk in chunks:
                sock.sendall(chunk)
        except OSError:  # the server answered and closed without reading the rest
            pass
        answer = b""
        try:
            while data := sock.recv(65536):
                answer += data
        except ConnectionResetError:
            pass
    return answer


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def _head(length: int | None, *extra: str) -> bytes:
    lines = ["POST /slack/events HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *extra]
    lines.append("Transfer-Encoding: chunked" if length is None else f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


BODY = b"token=x&team_id=T1&command=%2Fkudos&text=hello"
HOSTILE: dict[str, Callable[[], tuple[bytes, dict[str, str]]]] = {
    "no headers": lambda: (BODY, {"Content-Type": FORM_CONTENT_TYPE}),
    "bad signature": lambda: (BODY, _changed(BODY, **{"X-Slack-Signature": "v0=" + "0" * 64})),
    "stale timestamp": lambda: (BODY, _signed(BODY, timestamp=int(time.time()) - 600)),
    "timestamp not a number": lambda: (
        BODY,
        _changed(BODY, **{"X-Slack-Request-Timestamp": "soon"}),
    ),
    "no timestamp": lambda: (BODY, {"X-Slack-Signature": _signed(BODY)["X-Slack-Signature"]}),
    "invalid json payload": lambda: (b"payload=%7Bnot-json", {}),
    "payload a list": lambda: (b"payload=[1,2]", {}),
    "not utf-8": lambda: (b"\xff\xfe\xfd payload", {"X-Slack-Signature": "v0=" + "a" * 64}),
    "json event": lambda: (b'{"type":"event_callback","event":{"type":"app_home_opened"}}', {}),
    "latin-1 signature": lambda: (BODY, _changed(BODY, **{"X-Slack-Signature": "v0=é"})),
}


@pytest.mark.parametrize("request_of", HOSTILE.values(), ids=HOSTILE.keys())
def test_unsigned_requests_are_401(
    stack: Stack, request_of: Callable[[], tuple[bytes, dict[str, str]]]
) -> None:
    body, headers = request_of()
    result = post(stack.server.events_url, body, headers)
    assert result.status == 401
    assert result.json() == {"error": "invalid request"}


def test_a_body_declared_over_the_limit_is_413_without_sending_it(stack: Stack) -> None:
    assert _status(_raw(stack.server, _head(100 * 1024 * 1024))) == 413


def test_a_chunked_body_over_the_limit_is_413(stack: Stack) -> None:
    chunk = b"10000\r\n" + b"a" * 0x10000 + b"\r\n"  # 64 KiB
    chunks = (chunk,) * (BODY_LIMIT // 0x10000 + 1)
    assert _status(_raw(stack.server, _head(None), chunks)) == 413


def test_unsigned_floods_cost_a_few_kb_of_log(stack: Stack) -> None:
    before = stack.server.log_path.stat().st_size
    body = b"text=FLOOD-MARKER" + b"x" * (BODY_LIMIT - 100)  # within the limit
    for _ in range(20):
        assert post(stack.server.events_url, body, {}).status == 401
    for _ in range(5):
        assert _status(_raw(stack.server, _head(5 * 1024 * 1024))) == 413
    grown = stack.server.log_path.read_bytes()[before:].decode(errors="replace")
    assert len(grown) < FEW_KB, grown[:FEW_KB]
    assert "FLOOD-MARKER" not in grown
    assert grown.count("refused POST /slack/events with 401") == 20


def test_newlines_in_a_body_or_header_forge_no_log_line(stack: Stack) -> None:
    before = stack.server.log_path.stat().st_size
    assert post(stack.server.events_url, f"text=x\n{FORGED}\n".encode(), {}).status == 401
    body = b"abc"
    folded = _head(len(body), "User-Agent: curl", f" {FORGED}") + body  # an obsolete line fold
    assert _status(_raw(stack.server, folded)) == 401
    nel = _head(len(body), f"User-Agent: x\x85{FORGED}", "X-Slack-Request-Timestamp: 1\x852")
    assert _status(_raw(stack.server, nel + body)) == 401  # U+0085 (NEL) ends a line for some
    control = _head(len(body), f"User-Agent: \x1b[2K\r{FORGED}")
    assert _status(_raw(stack.server, control + body)) == 400  # waitress refuses it unlogged
    grown = stack.server.log_path.read_bytes()[before:].decode(errors="replace")
    lines = grown.splitlines()  # splits at NEL and U+2028 too
    assert len(lines) == 3
    assert not [line for line in lines if not line[:4].isdigit() or "FORGED" in line]
    assert not {"\x1b", "\x85", "\ufffd"} & set(grown)


def test_signed_requests_still_work(ws: Workspace) -> None:
    assert ws.command("help", "help").status == 200
    assert "/kudos" in ws.reply("help")["text"]
    home = ws.open_home("UHOMEEDGE")
    assert home["type"] == "home"


def test_a_signed_body_at_the_limit_gets_through(stack: Stack) -> None:
    body = b"token=x&text=" + b"y" * (BODY_LIMIT - 13)
    assert len(body) == BODY_LIMIT
    result = post(stack.server.events_url, body, _signed(body))
    assert result.status not in (401, 413)
    assert result.status < 500


def test_the_oauth_pages_stay_unsigned(tmp_path: Path) -> None:
    oauth = {"SLACK_CLIENT_ID": "1234.5678", "SLACK_CLIENT_SECRET": "client-secret"}
    with FakeSlack() as slack:
        app = start_server(
            database_url=f"sqlite:///{tmp_path / 'kudos.db'}",
            slack_api_url=slack.api_url,
            workdir=tmp_path,
            extra_env=oauth,
        )
        try:
            install = _get(f"{app.base_url}/slack/install")
            callback = _get(f"{app.base_url}/slack/oauth_redirect?code=x&state=unknown")
        finally:
            app.stop()
    assert install == 200
    assert callback not in (401, 404, 413) and callback < 500
    assert "refused" not in app.log()


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
