"""A local, in-process fake of Slack's Web API and response_url endpoints for end-to-end tests.

Usage::

    with FakeSlack() as fake:
        client = WebClient(token="xoxb-test", base_url=fake.api_url)
        ...
        [call] = fake.wait_for_calls("chat.postMessage")

Public API of ``FakeSlack`` (everything beyond the defaults is opt-in):

* lifecycle: ``FakeSlack(latency=None)``, ``start()``, ``stop()``, ``with FakeSlack() as fake``,
  ``port``, ``api_url``, ``response_url(name)``, ``upload_url(file_id)``.
* answers: ``add_user(...)``, ``set_channel_members(channel, users)``,
  ``set_answer(method, answer)``, ``clear_answer(method)``, ``builtin_answer(method, params)``,
  ``start_function(execution_id, bot_access_token)`` (a custom step running: only its token may
  ``functions.completeSuccess`` / ``functions.completeError`` it, once; that revokes the token,
  so any later call with it answers ``token_revoked``). ``chat.getPermalink`` answers for
  messages posted with ``chat.postMessage``.
* user groups (``usergroups.users.list``): ``add_user_group(group_id, users, disabled=False)``;
  ``withhold_scope("usergroups:read")`` answers ``missing_scope`` as an install made before the
  scope was added (forgotten by ``reset()``).
* network behaviour: ``set_latency(low, high)`` / ``set_latency(None)`` (every Web API call and
  response_url post waits ``random.uniform(low, high)`` s before its answer is written, outside
  the lock, so concurrent calls overlap); ``enforce_channel_rate(per_second=1.0, burst=3)`` /
  ``enforce_channel_rate(None)`` (a token bucket per ``channel`` of chat.postMessage; an empty
  bucket answers HTTP 429, ``Retry-After: <whole seconds >= 1>``, ``{"ok": false, "error":
  "ratelimited"}``).
* failure injection, rules consumed per matching call (``times``; ``None`` = every call) and
  checked in the order added, the first matching rule winning; ``when(params)`` narrows a rule:
  ``fail(method, error)``, ``rate_limit(method, retry_after=1)``,
  ``http_error(method, status=500)`` (an HTML error page), ``reset_connection(method)`` (the TCP
  connection is reset without an HTTP answer), ``hang(method, seconds)`` (the normal answer,
  ``seconds`` late). Rules come before the channel rate limit and do not use its tokens.
* response_url as Slack keeps it: at most 5 accepted posts per URL, later posts answer HTTP 404
  ``used_url``; ``expire_response_url(name)`` makes further posts answer 404 ``expired_url``.
* recordings: ``calls``, ``calls_to(method)``, ``delivered(method)`` (only the calls answered
  HTTP 200 ``{"ok": true}``), ``wait_for_calls(...)``, ``wait_for_delivered(...)``,
  ``responses(name=None)``, ``delivered_responses(name=None)``, ``wait_for_responses(...)``,
  ``uploaded_files``, ``errors``, ``dump()``. ``ApiCall.ok`` / ``ResponseCall.ok`` say whether the
  answer was a success (a call whose custom answer is still running reads ``ok=False``).
* messages (``tests/support/fake_slack_messages.py``): ``messages.add(...)``, ``hide(...)``,
  ``unreadable(...)``, ``get(...)``; chat.getPermalink, conversations.history / .replies,
  chat.update and chat.delete answer from what chat.postMessage posted or a test added.
* ``reset()`` forgets messages, recordings, errors, failure rules, rate buckets, response_url
  uses and expiries, uploads, withheld scopes and running functions; it keeps users, channel
  members, user groups, custom answers, the latency and the channel rate setting (with full
  buckets).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import math
import random
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.support.fake_slack_messages import MessageArchive

JsonDict = dict[str, Any]
Predicate = Callable[[JsonDict], bool]
Answer = JsonDict | Callable[[JsonDict], JsonDict]
_T = TypeVar("_T")

TEAM_ID = "T0TEST"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
_API_PREFIX = "/api/"
_RESPONSE_PREFIX = "/response/"
_UPLOAD_PREFIX = "/upload/"
_JSON_FORM_FIELDS = frozenset({"blocks", "attachments", "view", "outputs"})
_TS_BASE_SECONDS = 1_700_000_000
_DUMP_VALUE_LIMIT = 300
_POLL_INTERVAL = 0.02  # seconds; bounds how long stop() waits for serve_forever
RESPONSE_URL_MAX_POSTS = 5  # Slack accepts up to five posts per response_url


@dataclass(frozen=True)
class ApiCall:
    """One recorded call to the fake Web API (``POST /api/<method>``)."""

    method: str
    params: dict[str, Any]
    token: str | None
    ok: bool = True  # answered HTTP 200 with {"ok": true}


@dataclass(frozen=True)
class ResponseCall:
    """One recorded POST to a fake response_url (``/response/<name>``)."""

    name: str
    body: dict[str, Any]
    ok: bool = True  # answered HTTP 200 "ok"


@dataclass(frozen=True)
class _Reply:
    """An HTTP answer produced by the fake, written ``delay`` seconds late (or a reset)."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    reset: bool = False  # close the TCP connection with an RST instead of answering

    @property
    def ok(self) -> bool:
        """Whether this is an HTTP 200 answer with a JSON ``{"ok": true}`` body."""
        if self.reset or self.status != 200:
            return False
        try:
            payload = json.loads(self.body)
        except ValueError:
            return False
        return isinstance(payload, dict) and payload.get("ok") is True


_RESET = _Reply(0, b"", content_type="", reset=True)


@dataclass
class _Rule:
    """A failure-injection rule: answer ``reply`` (None: the normal answer) to matching calls.

    ``delay`` postpones the answer (``hang``).
    """

    method: str
    reply: _Reply | None
    times: int | None
    when: Predicate | None
    delay: float = 0.0

    def matches(self, method: str, params: JsonDict) -> bool:
        """Whether this rule applies to a call of ``method`` with ``params``."""
        if self.method != method or self.times == 0:
            return False
        return self.when is None or self.when(params)


@dataclass(frozen=True)
class _User:
    """A user registered with the fake (or the default for an unknown id)."""

    user_id: str
    name: str | None = None
    is_bot: bool = False
    deleted: bool = False
    is_admin: bool = False
    is_owner: bool = False
    tz: str = "Europe/Berlin"
    team_id: str = TEAM_ID  # another team's id: a Slack Connect user
    is_stranger: bool = False
    enterprise_id: str | None = None  # set: an Enterprise Grid user (``enterprise_user``)

    def to_json(self) -> JsonDict:
        """Render as Slack's ``users.info`` user object."""
        name = self.name or self.user_id.lower()
        real_name = name.replace("_", " ").replace(".", " ").title()
        profile: JsonDict = {
            "display_name": name,
            "display_name_normalized": name,
            "real_name": real_name,
            "real_name_normalized": real_name,
            "team": self.team_id,
            "image_72": f"https://avatars.example.com/{self.user_id}_72.png",
        }
        if self.is_bot:
            profile["bot_id"] = "B" + self.user_id[1:]
        user: JsonDict = {
            "id": self.user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": real_name,
            "deleted": self.deleted,
            "color": "9f69e7",
            "is_bot": self.is_bot,
            "is_app_user": False,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": _tz_offset(self.tz),
            "updated": _TS_BASE_SECONDS,
            "profile": profile,
        }
        return user | self._organisation_fields()

    def _organisation_fields(self) -> JsonDict:
        """``is_stranger`` and ``enterprise_user``, present only when set (as Slack sends them)."""
        fields: JsonDict = {"is_stranger": True} if self.is_stranger else {}
        if self.enterprise_id is not None:
            fields["enterprise_user"] = {
                "id": self.user_id,
                "enterprise_id": self.enterprise_id,
                "enterprise_name": self.enterprise_id.title(),
                "is_admin": False,
                "is_owner": False,
                "teams": [self.team_id],
            }
        return fields


@dataclass(frozen=True)
class _ChannelRate:
    """The chat.postMessage per-channel limit: ``burst`` calls, refilled at ``per_second``."""

    per_second: float
    burst: int


@dataclass
class _Bucket:
    """A channel's token bucket (``tokens`` as of ``updated``, a monotonic time)."""

    tokens: float
    updated: float


def _tz_offset(tz: str) -> int:
    """Current UTC offset of ``tz`` in seconds (0 if the zone is unknown)."""
    try:
        offset = datetime.now(UTC).astimezone(ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds()) if offset is not None else 0


def _json_reply(
    payload: JsonDict, status: int = 200, headers: dict[str, str] | None = None
) -> _Reply:
    """Build a JSON HTTP answer."""
    return _Reply(status, json.dumps(payload).encode(), headers=headers or {})


def _text_reply(text: str, status: int = 200) -> _Reply:
    """Build a plain-text HTTP answer."""
    return _Reply(status, text.encode(), content_type="text/plain; charset=utf-8")


def _html_error_reply(status: int) -> _Reply:
    """An HTML error page like the ones Slack's edge answers 5xx with."""
    try:
        title = f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        title = str(status)
    page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    return _Reply(status, page.encode(), content_type="text/html; charset=utf-8")


def _check_latency(low: float, high: float) -> tuple[float, float]:
    """Validate a latency range in seconds."""
    if not 0 <= low <= high:
        raise ValueError("latency must satisfy 0 <= low <= high")
    return (float(low), float(high))


def _error(error: str) -> JsonDict:
    """Slack's ``{"ok": false, "error": ...}`` payload."""
    return {"ok": False, "error": error}


def _decode_json_fields(params: JsonDict) -> JsonDict:
    """Decode form fields (blocks, attachments, view, outputs) that carry JSON strings."""
    decoded = dict(params)
    for key in _JSON_FORM_FIELDS & decoded.keys():
        value = decoded[key]
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                decoded[key] = json.loads(value)
    return decoded


def _parse_form(text: str) -> JsonDict:
    """Parse an urlencoded string into a dict with JSON-carrying fields decoded."""
    return _decode_json_fields(dict(parse_qsl(text, keep_blank_values=True)))


def _parse_body(content_type: str, raw: bytes) -> JsonDict:
    """Parse a request body the way slack_sdk encodes it (form or JSON)."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if not raw:
        return {}
    if media_type == "application/json":
        data = json.loads(raw.decode("utf-8"))
        return data if isinstance(data, dict) else {"_json": data}
    if media_type == "application/x-www-form-urlencoded":
        return _parse_form(raw.decode("utf-8"))
    return {}


def _bearer_token(authorization: str | None) -> str | None:
    """Extract the token from an ``Authorization: Bearer ...`` header."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


# -- issue 4 (stewardship): oauth.v2.access authenticates with HTTP Basic client credentials --


def _basic_client_id(authorization: str | None) -> str | None:
    """The client id from an ``Authorization: Basic base64(id:secret)`` header, as `basic:<id>`."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode(errors="replace")
    except binascii.Error:
        return None
    client_id = decoded.partition(":")[0]
    return f"basic:{client_id}" if client_id else None


# -- end of issue 4 block ---------------------------------------------------------------------


def _short(value: Any) -> str:
    """A compact, truncated JSON rendering for failure dumps."""
    text = json.dumps(value, default=str, sort_keys=True)
    return text if len(text) <= _DUMP_VALUE_LIMIT else text[:_DUMP_VALUE_LIMIT] + "…"


def _channel_name(channel_id: str) -> str:
    """A plausible channel name derived from its id (``CGENERAL`` -> ``general``)."""
    if channel_id[:1] in {"C", "G"} and len(channel_id) > 1:
        return channel_id[1:].lower()
    return channel_id.lower()


def _encode_cursor(offset: int) -> str:
    """Encode a pagination offset as an opaque Slack-style cursor."""
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _decode_cursor(cursor: str) -> int | None:
    """Decode a cursor made by ``_encode_cursor`` (None if invalid)."""
    try:
        prefix, _, number = base64.b64decode(cursor, validate=True).decode().partition(":")
        return int(number) if prefix == "offset" else None
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


class _Server(ThreadingHTTPServer):
    """The HTTP server behind a FakeSlack."""

    daemon_threads = True
    request_queue_size = 1024  # slack_sdk opens a connection per call; bursts must not drop SYNs

    def __init__(self, fake: FakeSlack) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about client disconnects; dispatch errors are kept in ``fake.errors``."""


class _Handler(BaseHTTPRequestHandler):
    """Routes HTTP requests into the owning FakeSlack."""

    server: _Server

    def do_POST(self) -> None:
        """Handle a POST request."""
        self._serve()

    def do_GET(self) -> None:
        """Handle a GET request (Web API methods only)."""
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the server quiet."""

    def _serve(self) -> None:
        """Read the request, let the fake answer it and write the reply."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        reply = self.server.fake.handle_http(self.command, self.path, dict(self.headers), body)
        self.server.fake._pause(reply.delay)  # no lock held: concurrent calls overlap
        if reply.reset:
            self._reset_connection()
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def _reset_connection(self) -> None:
        """Drop the connection with a TCP RST (SO_LINGER 0) and no HTTP answer."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            linger = struct.pack("ii", 1, 0)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        self.rfile.close()  # the socket is only really closed once its file objects are
        self.connection.close()


class FakeSlack:
    """A local fake of Slack's Web API and response_url endpoints that records every call."""

    def __init__(self, *, latency: tuple[float, float] | None = None) -> None:
        self._cond = threading.Condition()
        self._latency = None if latency is None else _check_latency(*latency)
        self._channel_rate: _ChannelRate | None = None
        self._buckets: dict[str, _Bucket] = {}
        self._response_uses: dict[str, int] = {}
        self._expired_responses: set[str] = set()
        self._stopping = threading.Event()  # interrupts latency / hang waits on stop()
        self._calls: list[ApiCall] = []
        self._responses: list[ResponseCall] = []
        self._rules: list[_Rule] = []
        self._users: dict[str, _User] = {}
        self._members: dict[str, list[str]] = {}
        self._answers: dict[str, Answer] = {}
        self._ts_counter = 0
        self._view_counter = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.errors: list[str] = []
        self._builtin: dict[str, Callable[[JsonDict], JsonDict]] = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "views.publish": self._views_answer,
            "views.open": self._views_answer,
            "views.update": self._views_answer,
            "conversations.open": self._conversations_open,
            "conversations.members": self._conversations_members,
            "conversations.info": self._conversations_info,
        }
        self._init_file_uploads()
        self._init_user_groups()
        self._init_functions()
        self.messages = MessageArchive(BOT_USER_ID)  # getPermalink, history, update, delete
        self._builtin.update(self.messages.methods())

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> Self:
        """Start serving on 127.0.0.1 (random port) in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("FakeSlack is already running")
        self._stopping.clear()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            args=(_POLL_INTERVAL,),
            name="fake-slack",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port (idempotent)."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        self._stopping.set()  # answer delayed calls now rather than keep their threads
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        """Start the server for the duration of a ``with`` block."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()

    @property
    def port(self) -> int:
        """The TCP port the fake listens on."""
        if self._server is None:
            raise RuntimeError("FakeSlack is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def api_url(self) -> str:
        """Base URL for slack_sdk's ``base_url`` (with trailing slash)."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        """A response_url (stand-in for hooks.slack.com) recorded under ``name``."""
        return f"http://127.0.0.1:{self.port}/response/{name}"

    # -- configuration -------------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        is_bot: bool = False,
        deleted: bool = False,
        is_admin: bool = False,
        is_owner: bool = False,
        tz: str = "Europe/Berlin",
        team_id: str = TEAM_ID,
        is_stranger: bool = False,
        enterprise_id: str | None = None,
    ) -> None:
        """Register a user returned by ``users.info``; another ``team_id`` (or ``is_stranger``)
        makes them someone of another organisation (Slack Connect), ``enterprise_id`` an
        Enterprise Grid user."""
        user = _User(
            user_id,
            name,
            is_bot,
            deleted,
            is_admin,
            is_owner,
            tz,
            team_id,
            is_stranger,
            enterprise_id,
        )
        with self._cond:
            self._users[user_id] = user

    def set_channel_members(self, channel_id: str, user_ids: list[str]) -> None:
        """Set the members returned by ``conversations.members`` for a channel."""
        with self._cond:
            self._members[channel_id] = list(user_ids)

    def set_answer(self, method: str, answer: Answer) -> None:
        """Answer ``method`` with a fixed payload or ``answer(params)`` (overrides defaults)."""
        with self._cond:
            self._answers[method] = answer

    def builtin_answer(self, method: str, params: JsonDict) -> JsonDict:
        """What ``method`` answers without an override (for overrides that wrap it)."""
        return self._builtin[method](params)

    def clear_answer(self, method: str) -> None:
        """Go back to the built-in answer for ``method``."""
        with self._cond:
            self._answers.pop(method, None)

    def fail(
        self,
        method: str,
        error: str,
        *,
        times: int | None = None,
        when: Predicate | None = None,
    ) -> None:
        """Answer ``{"ok": false, "error": error}`` to the next ``times`` matching calls."""
        self._add_rule(_Rule(method, _json_reply(_error(error)), times, when))

    def rate_limit(
        self,
        method: str,
        *,
        retry_after: int = 1,
        times: int | None = 1,
        when: Predicate | None = None,
    ) -> None:
        """Answer HTTP 429 with ``Retry-After`` to the next ``times`` matching calls."""
        headers = {"Retry-After": str(retry_after)}
        self._add_rule(_Rule(method, _json_reply(_error("ratelimited"), 429, headers), times, when))

    def http_error(
        self,
        method: str,
        status: int = 500,
        *,
        times: int | None = 1,
        when: Predicate | None = None,
    ) -> None:
        """Answer HTTP ``status`` with an HTML error page to the next ``times`` matching calls."""
        if not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error (400-599)")
        self._add_rule(_Rule(method, _html_error_reply(status), times, when))

    def reset_connection(
        self, method: str, *, times: int | None = 1, when: Predicate | None = None
    ) -> None:
        """Reset the TCP connection (no HTTP answer) of the next ``times`` matching calls."""
        self._add_rule(_Rule(method, _RESET, times, when))

    def hang(
        self,
        method: str,
        seconds: float,
        *,
        times: int | None = 1,
        when: Predicate | None = None,
    ) -> None:
        """Answer the next ``times`` matching calls normally, but only after ``seconds``."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        self._add_rule(_Rule(method, None, times, when, delay=float(seconds)))

    def set_latency(self, low: float | None, high: float | None = None) -> None:
        """Delay every Web API / response_url answer by uniform(low, high) s (None: no delay)."""
        latency = None if low is None else _check_latency(low, low if high is None else high)
        with self._cond:
            self._latency = latency

    def enforce_channel_rate(self, per_second: float | None = 1.0, burst: int = 3) -> None:
        """Rate-limit chat.postMessage per channel with a token bucket (None: no limit)."""
        if per_second is not None and (per_second <= 0 or burst < 1):
            raise ValueError("per_second must be > 0 and burst >= 1")
        with self._cond:
            self._channel_rate = None if per_second is None else _ChannelRate(per_second, burst)
            self._buckets.clear()

    def expire_response_url(self, name: str) -> None:
        """Make further posts to response_url ``name`` answer HTTP 404 ``expired_url``."""
        with self._cond:
            self._expired_responses.add(name)

    def _pause(self, seconds: float) -> None:
        """Sleep ``seconds`` (no lock held), or less if the fake is being stopped."""
        if seconds > 0:
            self._stopping.wait(seconds)

    def _add_rule(self, rule: _Rule) -> None:
        """Append a failure rule (rules are consumed in order)."""
        if rule.times is not None and rule.times < 1:
            raise ValueError("times must be >= 1 (or None for every call)")
        with self._cond:
            self._rules.append(rule)

    def reset(self) -> None:
        """Forget recordings, errors, rules, buckets and response_url uses (see module doc)."""
        with self._cond:
            self._calls.clear()
            self._responses.clear()
            self._rules.clear()
            self._buckets.clear()
            self._response_uses.clear()
            self._expired_responses.clear()
            self.errors.clear()
            self._reset_file_uploads()
            self._withheld_scopes.clear()
            self._reset_functions()
            self.messages.clear()

    # -- queries -------------------------------------------------------------------------------

    @property
    def calls(self) -> list[ApiCall]:
        """All recorded Web API calls, oldest first."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[ApiCall]:
        """Recorded calls of one Web API method, oldest first."""
        with self._cond:
            return [call for call in self._calls if call.method == method]

    def delivered(self, method: str) -> list[ApiCall]:
        """Recorded calls of ``method`` that were answered HTTP 200 ``{"ok": true}``."""
        with self._cond:
            return [call for call in self._calls if call.method == method and call.ok]

    def responses(self, name: str | None = None) -> list[ResponseCall]:
        """Recorded response_url posts (all, or only those for ``name``)."""
        with self._cond:
            return [r for r in self._responses if name is None or r.name == name]

    def delivered_responses(self, name: str | None = None) -> list[ResponseCall]:
        """Recorded response_url posts that were accepted (HTTP 200 "ok")."""
        with self._cond:
            return [r for r in self._responses if (name is None or r.name == name) and r.ok]

    def wait_for_calls(self, method: str, count: int = 1, timeout: float = 5.0) -> list[ApiCall]:
        """Block until ``count`` calls of ``method`` were recorded; return them all."""
        what = f"call(s) to {method!r}"
        return self._wait_for(lambda: self.calls_to(method), count, timeout, what)

    def wait_for_delivered(
        self, method: str, count: int = 1, timeout: float = 5.0
    ) -> list[ApiCall]:
        """Block until ``count`` calls of ``method`` were answered ok; return those."""
        what = f"delivered call(s) to {method!r}"
        return self._wait_for(lambda: self.delivered(method), count, timeout, what)

    def wait_for_responses(
        self, name: str, count: int = 1, timeout: float = 5.0
    ) -> list[ResponseCall]:
        """Block until ``count`` posts to response_url ``name`` were recorded; return them all."""
        what = f"response(s) to {name!r}"
        return self._wait_for(lambda: self.responses(name), count, timeout, what)

    def _wait_for(
        self, get: Callable[[], list[_T]], count: int, timeout: float, what: str
    ) -> list[_T]:
        """Block until ``get()`` has ``count`` items; AssertionError with a dump on time-out."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(get()) >= count, timeout):
                raise AssertionError(self._timeout_message(what, count, len(get())))
            return get()

    def dump(self) -> str:
        """A readable listing of everything recorded so far."""
        with self._cond:
            lines = [f"recorded {len(self._calls)} API call(s):"]
            lines += [
                f"  {c.method} token={'yes' if c.token else 'NO'} ok={'yes' if c.ok else 'NO'}"
                f" params={_short(c.params)}"
                for c in self._calls
            ]
            lines.append(f"recorded {len(self._responses)} response_url post(s):")
            lines += [
                f"  {r.name}: ok={'yes' if r.ok else 'NO'} {_short(r.body)}"
                for r in self._responses
            ]
            lines += [f"server error: {e}" for e in self.errors]
            return "\n".join(lines)

    def _timeout_message(self, what: str, expected: int, got: int) -> str:
        """The AssertionError text for a timed-out wait."""
        return f"expected at least {expected} {what}, got {got}\n{self.dump()}"

    # -- HTTP dispatch -------------------------------------------------------------------------

    def handle_http(self, verb: str, path: str, headers: dict[str, str], body: bytes) -> _Reply:
        """Answer one HTTP request (called from the server threads)."""
        try:
            return self._route(verb, path, headers, body)
        except Exception as exc:
            with self._cond:
                self.errors.append(f"{verb} {path}: {exc!r}")
                self._cond.notify_all()
            return _json_reply(_error(f"fake_slack_internal_error: {exc!r}"), 500)

    def _route(self, verb: str, path: str, headers: dict[str, str], body: bytes) -> _Reply:
        """Dispatch by URL path."""
        url = urlsplit(path)
        lowered = {key.lower(): value for key, value in headers.items()}
        if url.path.startswith(_API_PREFIX) and len(url.path) > len(_API_PREFIX):
            params = _parse_form(url.query)
            params.update(_parse_body(lowered.get("content-type", ""), body))
            method = url.path[len(_API_PREFIX) :]
            return self._handle_api(method, params, lowered.get("authorization"))
        if url.path.startswith(_RESPONSE_PREFIX) and verb == "POST":
            return self._handle_response(url.path[len(_RESPONSE_PREFIX) :], body)
        if url.path.startswith(_UPLOAD_PREFIX) and verb == "POST":
            return self._handle_upload(url.path[len(_UPLOAD_PREFIX) :], body)
        return _text_reply("not found", 404)

    def _handle_api(self, method: str, params: JsonDict, authorization: str | None) -> _Reply:
        """Record a Web API call and compute its answer."""
        form_token = params.pop("token", None)
        token = (
            _bearer_token(authorization)
            or _basic_client_id(authorization)
            or (form_token if isinstance(form_token, str) else None)
        )
        with self._cond:
            reply, delay = self._api_reply(method, params, token)
            custom = self._answers.get(method) if reply is None else None
            call = ApiCall(method, params, token or None, reply is not None and reply.ok)
            self._calls.append(call)
            self._cond.notify_all()
            delay += self._latency_sample()
        if custom is not None:  # a test's own answer may block: never run it under the lock
            reply = _json_reply(custom(params) if callable(custom) else dict(custom))
            if reply.ok:
                self._mark_ok(call)
        assert reply is not None
        return replace(reply, delay=reply.delay + delay) if delay else reply

    def _mark_ok(self, call: ApiCall) -> None:
        """Record that a call answered by a custom answer (after recording) succeeded."""
        with self._cond:
            for index in range(len(self._calls) - 1, -1, -1):
                if self._calls[index] is call:
                    self._calls[index] = replace(call, ok=True)
                    self._cond.notify_all()
                    return

    def _latency_sample(self) -> float:
        """A random network latency in seconds (0 without ``set_latency``)."""
        latency = self._latency
        return 0.0 if latency is None else random.uniform(*latency)  # noqa: S311

    def _api_reply(
        self, method: str, params: JsonDict, token: str | None
    ) -> tuple[_Reply | None, float]:
        """Answer a call (auth, rules, channel rate, built-ins) and its extra delay.

        The answer is None for a custom answer (computed by the caller, outside the lock).
        """
        if not token or token in self._revoked_tokens:
            return _json_reply(_error("token_revoked" if token else "not_authed")), 0.0
        rule = next((r for r in self._rules if r.matches(method, params)), None)
        delay = 0.0
        if rule is not None:
            self._consume(rule)
            if rule.reply is not None:
                return rule.reply, 0.0
            delay = rule.delay
        limited = self._channel_rate_reply(method, params)
        if limited is not None:
            return limited, delay
        if method in self._answers:
            return None, delay
        answer = self._builtin.get(method)
        if method in self._token_builtin:
            answer = partial(self._token_builtin[method], token=token)
        if answer is None:
            return _json_reply(_error("unknown_method")), delay
        return _json_reply(answer(params)), delay

    def _channel_rate_reply(self, method: str, params: JsonDict) -> _Reply | None:
        """Take a token from the call's channel bucket; a 429 answer if it is empty."""
        rate, channel = self._channel_rate, params.get("channel")
        if rate is None or method != "chat.postMessage" or not isinstance(channel, str):
            return None
        now = time.monotonic()
        bucket = self._buckets.setdefault(channel, _Bucket(float(rate.burst), now))
        bucket.tokens = min(rate.burst, bucket.tokens + (now - bucket.updated) * rate.per_second)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return None
        retry_after = max(1, math.ceil((1 - bucket.tokens) / rate.per_second))
        headers = {"Retry-After": str(retry_after)}
        return _json_reply(_error("ratelimited"), 429, headers)

    def _consume(self, rule: _Rule) -> None:
        """Use up one application of a failure rule."""
        if rule.times is not None:
            rule.times -= 1
            if rule.times == 0:
                self._rules.remove(rule)

    def _handle_response(self, name: str, body: bytes) -> _Reply:
        """Record a response_url post (JSON body, as ``respond()`` / WebhookClient send)."""
        try:
            payload = json.loads(body.decode("utf-8"))
            valid = isinstance(payload, dict)
        except ValueError:
            payload, valid = None, False
        recorded = payload if valid else {"_invalid_payload": body.decode("utf-8", "replace")}
        with self._cond:
            if name in self._expired_responses:
                reply = _text_reply("expired_url", 404)
            elif self._response_uses.get(name, 0) >= RESPONSE_URL_MAX_POSTS:
                reply = _text_reply("used_url", 404)
            elif valid:
                self._response_uses[name] = self._response_uses.get(name, 0) + 1
                reply = _text_reply("ok")
            else:
                reply = _text_reply("invalid_payload", 400)
            self._responses.append(ResponseCall(name, recorded, reply.status == 200))
            self._cond.notify_all()
            delay = self._latency_sample()
        return replace(reply, delay=delay) if delay else reply

    # -- default method answers (called with the condition's lock held) -------------------------

    def _auth_test(self, params: JsonDict) -> JsonDict:
        """Answer ``auth.test``."""
        return {
            "ok": True,
            "url": "https://example.slack.com/",
            "team": "Example",
            "user": "kudos",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _users_info(self, params: JsonDict) -> JsonDict:
        """Answer ``users.info`` from registered users (default human for unknown ids)."""
        user_id = params.get("user")
        if not isinstance(user_id, str) or not user_id:
            return _error("user_not_found")
        user = self._users.get(user_id) or _User(user_id)
        return {"ok": True, "user": user.to_json()}

    def _next_ts(self) -> str:
        """An increasing Slack message timestamp like ``1700000000.000100``."""
        self._ts_counter += 1
        micros = self._ts_counter * 100
        return f"{_TS_BASE_SECONDS + micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _chat_post_message(self, params: JsonDict) -> JsonDict:
        """Answer ``chat.postMessage``, echoing the message."""
        channel = params.get("channel")
        if not channel:
            return _error("channel_not_found")
        if not any(params.get(key) for key in ("text", "blocks", "attachments")):
            return _error("no_text")
        ts = self._next_ts()
        message: JsonDict = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "team": TEAM_ID,
            "text": params.get("text", ""),
            "ts": ts,
        }
        message.update(
            {k: params[k] for k in ("blocks", "attachments", "thread_ts") if k in params}
        )
        self.messages.posted(str(channel), message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_post_ephemeral(self, params: JsonDict) -> JsonDict:
        """Answer ``chat.postEphemeral``."""
        if not params.get("channel"):
            return _error("channel_not_found")
        if not params.get("user"):
            return _error("user_not_found")
        return {"ok": True, "message_ts": self._next_ts()}

    def _views_answer(self, params: JsonDict) -> JsonDict:
        """Answer ``views.publish`` / ``views.open`` / ``views.update``."""
        view = params.get("view")
        if not isinstance(view, dict):
            return _error("invalid_arguments")
        view_id = params.get("view_id")
        if not view_id:
            self._view_counter += 1
            view_id = f"V{self._view_counter:010d}"
        return {"ok": True, "view": {**view, "id": view_id, "team_id": TEAM_ID}}

    def _conversations_open(self, params: JsonDict) -> JsonDict:
        """Answer ``conversations.open`` with ``D`` + the (first) user id."""
        if params.get("channel"):
            return {"ok": True, "channel": {"id": params["channel"]}}
        users = params.get("users")
        if isinstance(users, list):
            users = ",".join(str(u) for u in users)
        first = str(users or "").split(",")[0].strip()
        if not first:
            return _error("users_list_not_supplied")
        return {"ok": True, "channel": {"id": "D" + first}}

    def _conversations_members(self, params: JsonDict) -> JsonDict:
        """Answer ``conversations.members`` (paginated when ``limit`` is given)."""
        channel = params.get("channel")
        if not channel:
            return _error("channel_not_found")
        members = self._members.get(str(channel), [])
        start = _decode_cursor(str(params["cursor"])) if params.get("cursor") else 0
        if start is None:
            return _error("invalid_cursor")
        limit = int(params.get("limit") or 0) or len(members) or 1
        page, end = members[start : start + limit], start + limit
        next_cursor = _encode_cursor(end) if end < len(members) else ""
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": next_cursor}}

    def _conversations_info(self, params: JsonDict) -> JsonDict:
        """Answer ``conversations.info``: a plausible public channel (an IM for ``D`` ids)."""
        channel_id = str(params.get("channel") or "")
        if not channel_id:
            return _error("channel_not_found")
        is_im = channel_id.startswith("D")
        name = _channel_name(channel_id)
        channel: JsonDict = {
            "id": channel_id,
            "created": _TS_BASE_SECONDS,
            "is_channel": not is_im,
            "is_group": False,
            "is_im": is_im,
            "is_mpim": False,
            "is_private": is_im,
            "is_archived": False,
            "is_member": True,
            "is_shared": False,
            "is_ext_shared": False,
            "is_org_shared": False,
        }
        if is_im:
            channel["user"] = "U" + channel_id[1:]
        else:
            channel.update(self._public_channel_fields(channel_id, name))
        return {"ok": True, "channel": channel}

    def _public_channel_fields(self, channel_id: str, name: str) -> JsonDict:
        """The name/topic/purpose fields of a public channel."""
        empty_text = {"value": "", "creator": "", "last_set": 0}
        return {
            "name": name,
            "name_normalized": name,
            "is_general": name == "general",
            "creator": "UADMIN",
            "topic": dict(empty_text),
            "purpose": dict(empty_text),
            "num_members": len(self._members.get(channel_id, [])),
        }

    # -- files upload v2 (files.getUploadURLExternal, POST to upload_url, ------------------------
    # -- files.completeUploadExternal): a separate block, added for exports ----------------------

    def _init_file_uploads(self) -> None:
        """Register the upload v2 methods and the state they keep."""
        self._pending_uploads: dict[str, JsonDict] = {}
        self._uploaded_bytes: dict[str, bytes] = {}
        self._shared_files: list[UploadedFile] = []
        self._file_counter = 0
        self._builtin["files.getUploadURLExternal"] = self._files_get_upload_url
        self._builtin["files.completeUploadExternal"] = self._files_complete_upload

    def _reset_file_uploads(self) -> None:
        """Forget uploads (called by reset() with the lock held)."""
        self._pending_uploads.clear()
        self._uploaded_bytes.clear()
        self._shared_files.clear()

    def upload_url(self, file_id: str) -> str:
        """Where the fake tells clients to POST a file's bytes (stand-in for files.slack.com)."""
        return f"http://127.0.0.1:{self.port}{_UPLOAD_PREFIX}{file_id}"

    @property
    def uploaded_files(self) -> list[UploadedFile]:
        """Files completed with files.completeUploadExternal, oldest first, with their bytes."""
        with self._cond:
            return list(self._shared_files)

    def _files_get_upload_url(self, params: JsonDict) -> JsonDict:
        """Answer ``files.getUploadURLExternal``: a file id and the URL to POST the bytes to."""
        filename, length = params.get("filename"), str(params.get("length") or "")
        if not filename or not length.isdigit():
            return _error("invalid_arguments")
        self._file_counter += 1
        file_id = f"F{self._file_counter:010d}"
        self._pending_uploads[file_id] = {"filename": filename, "length": int(length)}
        return {"ok": True, "upload_url": self.upload_url(file_id), "file_id": file_id}

    def _handle_upload(self, file_id: str, body: bytes) -> _Reply:
        """Record the bytes POSTed to an upload URL (their length must match the request)."""
        with self._cond:
            pending = self._pending_uploads.get(file_id)
            if pending is None:
                return _text_reply("unknown upload", 404)
            if pending["length"] != len(body):
                return _text_reply(f"expected {pending['length']} bytes", 400)
            self._uploaded_bytes[file_id] = body
            self._cond.notify_all()
        return _text_reply(f"OK - {len(body)}")

    def _files_complete_upload(self, params: JsonDict) -> JsonDict:
        """Answer ``files.completeUploadExternal``: share uploaded files in ``channel_id``."""
        try:
            files = json.loads(str(params.get("files") or ""))
        except ValueError:
            return _error("invalid_arguments")
        if not isinstance(files, list) or not files:
            return _error("invalid_arguments")
        channel = params.get("channel_id")
        if channel is not None and str(channel)[:1] not in {"C", "G", "D", "Z"}:
            return _error("invalid_arguments")  # Slack refuses user ids here
        if any(f.get("id") not in self._uploaded_bytes for f in files):
            return _error("file_not_found")
        shared = []
        for f in files:
            pending = self._pending_uploads.pop(f["id"])
            title = f.get("title") or pending["filename"]
            content = self._uploaded_bytes.pop(f["id"])
            self._shared_files.append(
                UploadedFile(
                    f["id"],
                    pending["filename"],
                    title,
                    channel,
                    params.get("initial_comment"),
                    content,
                )
            )
            shared.append({"id": f["id"], "name": pending["filename"], "title": title})
        return {"ok": True, "files": shared}

    # -- user groups (usergroups.users.list): a separate block, added for kudos to groups --------

    def _init_user_groups(self) -> None:
        """Register usergroups.users.list and the state it keeps."""
        self._groups: dict[str, tuple[list[str], bool]] = {}  # id -> (users, disabled)
        self._withheld_scopes: set[str] = set()
        self._builtin["usergroups.users.list"] = self._usergroups_users_list

    def add_user_group(self, group_id: str, user_ids: list[str], *, disabled: bool = False) -> None:
        """Define (or redefine) a user group ``S…`` and its members, in Slack's order."""
        with self._cond:
            self._groups[group_id] = (list(user_ids), disabled)

    def withhold_scope(self, scope: str) -> None:
        """Answer the methods needing ``scope`` with ``missing_scope`` until ``reset()``."""
        with self._cond:
            self._withheld_scopes.add(scope)

    def _usergroups_users_list(self, params: JsonDict) -> JsonDict:
        """Answer ``usergroups.users.list``: ``{"ok": true, "users": [...]}`` (no pagination);
        a disabled group lists no one unless ``include_disabled`` is true."""
        if "usergroups:read" in self._withheld_scopes:
            return _error("missing_scope") | {
                "needed": "usergroups:read",
                "provided": "commands,chat:write,users:read",
            }
        group_id = params.get("usergroup")
        if not group_id:
            return _error("invalid_arguments")
        group = self._groups.get(str(group_id))
        if group is None:
            return _error("no_such_subteam")
        users, disabled = group
        include_disabled = str(params.get("include_disabled", "")).lower() in {"1", "true"}
        return {"ok": True, "users": [] if disabled and not include_disabled else list(users)}

    # -- custom steps (functions.completeSuccess / completeError) ---------------------------------

    def _init_functions(self) -> None:
        """Register the custom step methods, and the state they keep."""
        self._executions: dict[str, str] = {}  # function_execution_id -> its bot_access_token
        self._completed: set[str] = set()
        self._revoked_tokens: set[str] = set()
        self._token_builtin: dict[str, Callable[..., JsonDict]] = {  # (params, *, token)
            "functions.completeSuccess": self._functions_complete_success,
            "functions.completeError": self._functions_complete_error,
        }

    def _reset_functions(self) -> None:
        """Forget executions (called by reset() with the lock held)."""
        self._executions.clear()
        self._completed.clear()
        self._revoked_tokens.clear()

    def start_function(self, execution_id: str, bot_access_token: str) -> None:
        """A custom step starts running (as Slack does before it sends ``function_executed``):
        only ``bot_access_token`` may complete it, and completing it revokes that token."""
        with self._cond:
            self._executions[execution_id] = bot_access_token

    def _complete(self, params: JsonDict, *, token: str) -> JsonDict | None:
        """The error completing a function gets (None when it may complete), as Slack
        documents them; a completion revokes the function's token."""
        execution_id = params.get("function_execution_id")
        if not isinstance(execution_id, str) or execution_id not in self._executions:
            return _error("function_execution_not_found")
        if self._executions[execution_id] != token:
            return _error("access_denied")
        if execution_id in self._completed:
            return _error("execution_not_in_running_state")
        self._completed.add(execution_id)
        self._revoked_tokens.add(token)
        return None

    def _functions_complete_success(self, params: JsonDict, *, token: str) -> JsonDict:
        """Answer ``functions.completeSuccess`` (``outputs`` must be an object)."""
        if not isinstance(params.get("outputs"), dict):
            return _error("invalid_arguments")
        return self._complete(params, token=token) or {"ok": True}

    def _functions_complete_error(self, params: JsonDict, *, token: str) -> JsonDict:
        """Answer ``functions.completeError`` (``error`` must be a non-empty string)."""
        error = params.get("error")
        if not isinstance(error, str) or not error:
            return _error("invalid_arguments")
        return self._complete(params, token=token) or {"ok": True}


@dataclass(frozen=True)
class UploadedFile:
    """A file shared through files upload v2, with the bytes that were POSTed."""

    file_id: str
    filename: str
    title: str
    channel_id: str | None
    initial_comment: str | None
    content: bytes
