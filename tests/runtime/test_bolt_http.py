"""The request Bolt gets from the gate's parsed body is the request Bolt's WSGI adapter would
build: same body, context, headers, raw body and mode (a Bolt upgrade that changes how it builds
requests fails here, not in production), except for a form whose text says "payload", which
Bolt's own parser reads as an empty body."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest

from bot.domain.envelope import ENVELOPE_CHECKED
from bot.domain.slack_body import read_body
from bot.runtime.bolt_http import bolt_request, request_headers, respond
from bot.runtime.http_guard import Signed

FORM = "application/x-www-form-urlencoded"
COMMAND = urlencode(
    {
        "team_id": "T1",
        "user_id": "U1",
        "channel_id": "C1",
        "command": "/kudos",
        "text": "<@U2> #respect thanks",
        "response_url": "https://hooks.slack.com/commands/T1/1/x",
        "trigger_id": "1.2.3",
    }
)
ACTION = urlencode(
    {
        "payload": json.dumps(
            {
                "type": "block_actions",
                "team": {"id": "T1"},
                "user": {"id": "U1", "team_id": "T1"},
                "channel": {"id": "C1"},
                "actions": [{"action_id": "a", "value": "v"}],
                "response_url": "https://hooks.slack.com/actions/T1/1/x",
            }
        )
    }
)
EVENT = json.dumps(
    {
        "type": "event_callback",
        "team_id": "T1",
        "event": {"type": "app_home_opened", "user": "U1", "channel": "D1"},
        "authorizations": [{"team_id": "T1", "user_id": "UB", "is_enterprise_install": False}],
    }
)


def _environ(raw: str, content_type: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(raw.encode())),
        "HTTP_X_SLACK_SIGNATURE": "v0=" + "0" * 64,
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": "1700000000",
        "HTTP_X_SLACK_RETRY_NUM": "1",
        "HTTP_X_SLACK_RETRY_REASON": "http_timeout",
        "wsgi.input": io.BytesIO(raw.encode()),
    }


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [(COMMAND, FORM), (ACTION, FORM), (EVENT, "application/json")],
    ids=["slash command", "interaction", "event"],
)
def test_the_request_is_the_one_bolts_adapter_builds(raw: str, content_type: str) -> None:
    environ = _environ(raw, content_type)
    adapter = WsgiHttpRequest(dict(environ))
    expected = BoltRequest(
        body=adapter.get_body(), query=adapter.query_string, headers=adapter.get_headers()
    )
    body = read_body(raw, content_type)
    assert isinstance(body, dict)
    built = bolt_request(Signed(raw, body), environ)
    assert built.mode == expected.mode == "http"
    assert built.raw_body == expected.raw_body
    assert built.body == expected.body
    assert built.context.pop(ENVELOPE_CHECKED) is True  # the one thing added: see handlers.guard
    assert dict(built.context) == dict(expected.context)
    assert built.headers == expected.headers
    assert built.query == expected.query
    assert built.content_type == expected.content_type


def test_a_command_saying_payload_is_read_as_the_command_bolt_would_not() -> None:
    raw = urlencode({"team_id": "T1", "command": "/kudos", "text": "the payload fix"})
    environ = _environ(raw, FORM)
    adapter = WsgiHttpRequest(dict(environ))
    assert BoltRequest(body=adapter.get_body(), headers=adapter.get_headers()).body == {}
    body = read_body(raw, FORM)
    assert isinstance(body, dict)
    built = bolt_request(Signed(raw, body), environ)
    assert built.body["text"] == "the payload fix"
    assert built.context.team_id == "T1"


def test_headers_are_named_as_bolts_adapter_names_them() -> None:
    environ = _environ(COMMAND, FORM)
    assert request_headers(environ) == WsgiHttpRequest(environ).get_headers()


def test_the_response_is_written_as_bolts_adapter_writes_it() -> None:
    started: list[tuple[str, list[tuple[str, str]]]] = []
    body = respond(
        BoltResponse(status=200, body={"text": "héllo"}),
        lambda status, headers: started.append((status, headers)),
    )
    status, headers = started[0]
    assert status == "200 OK"
    assert body == [json.dumps({"text": "héllo"}).encode()]
    assert ("content-type", "application/json;charset=utf-8") in headers
    assert ("content-length", str(len(body[0]))) in headers
