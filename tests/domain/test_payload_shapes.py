"""Reading payloads defensively: typed getters, Bolt's envelope, and bodies Bolt can't parse."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.domain.envelope import envelope_problem
from bot.domain.payload import dict_at, id_at, list_at, slack_ids, text_at
from bot.domain.slack_body import MAX_DEPTH, Unreadable, read_body, too_deep

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def test_getters_answer_none_on_the_wrong_shape() -> None:
    body: dict[str, Any] = {"user": {"id": "U1A"}, "team": "T1", "actions": [], "n": 5}
    assert id_at(body, "user", "id") == "U1A"
    assert id_at(body, "team", "id") is None  # a string has no fields
    assert id_at({"user": {"id": "u1; drop"}}, "user", "id") is None
    assert text_at(body, "n") is None
    assert text_at({"t": ""}, "t") is None
    assert dict_at(body, "actions") is None
    assert list_at(body, "actions") == []
    assert slack_ids(["U1", "U2", "U1"]) == ("U1", "U2")
    assert slack_ids(["U1", 5]) is None
    assert slack_ids("U1") is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ([], "not a JSON object"),
        ({"team": 5}, "team"),
        ({"user": 5}, "user"),
        ({"authorizations": {"team_id": "T1"}}, "authorizations"),
        ({"authorizations": [{"team": 5}]}, "team"),
        ({"type": "event_callback", "event": "x"}, "event is not"),
        ({"type": "event_callback", "event": None}, "event is not"),
        ({"type": "event_callback", "event": {"user": [1]}}, "event.user"),
        ({"event": {"message": {"message": {"message": {"message": {}}}}}}, "too deeply"),
        ({"type": "block_actions", "actions": []}, "actions"),
        ({"type": "block_actions", "actions": ["x"]}, "actions[0]"),
        ({"type": "block_actions", "actions": [{"action_id": 5}]}, "actions[0]"),
        ({"type": "view_submission", "view": None}, "view is not"),
        ({"type": "view_submission", "view": {"callback_id": "x"}}, "no type"),
        ({"response_urls": 5}, "response_urls"),
        ({"type": "workflow_step_edit", "callback_id": "x"}, "workflow_step"),
    ],
)
def test_envelopes_bolt_cannot_read_are_named(body: object, problem: str) -> None:
    found = envelope_problem(body)
    assert found is not None
    assert problem in found


@pytest.mark.parametrize(
    "body",
    [
        {"type": "shortcut", "team": {"id": "T1"}, "user": {"id": "U1"}, "callback_id": "x"},
        {"type": "block_actions", "actions": [{"action_id": "a"}], "team": None},
        {"type": "view_submission", "view": {"callback_id": "c", "type": "modal"}},
        {"type": "event_callback", "event": {"type": "app_home_opened", "user": "U1"}},
        {"command": "/kudos", "text": "help", "team_id": "T1"},
    ],
)
def test_what_slack_sends_passes(body: dict[str, Any]) -> None:
    assert envelope_problem(body) is None
    assert read_body(json.dumps(body), JSON) == body


def _problem(raw: str, content_type: str) -> str | None:
    read = read_body(raw, content_type)
    return read.reason if isinstance(read, Unreadable) else None


def test_bodies_bolt_cannot_parse_are_named_without_recursing() -> None:
    deep = "[" * 5000 + "]" * 5000
    assert "deep" in str(_problem('{"x":' + deep + "}", JSON))
    assert "deep" in str(_problem(urlencode({"payload": '{"x":' + deep + "}"}), FORM))
    assert "deep" in str(_problem(json.dumps({"x": [[[[]]]] * 2}).replace("[]", deep), JSON))
    shallow: object = "leaf"
    for _ in range(MAX_DEPTH + 1):
        shallow = [shallow]
    assert too_deep(shallow) and not too_deep([[1]])
    assert _problem("{not json", JSON) == "the body is not JSON"
    assert _problem("null", JSON) == "the request is not a JSON object"
    assert read_body(urlencode({"command": "/kudos", "text": "[[["}), FORM) == {
        "command": "/kudos",
        "text": "[[[",
    }
    assert read_body("", FORM) == {}
    # Bolt reads a form holding the word "payload" anywhere as {}; only a payload field is one
    said = urlencode({"command": "/kudos", "text": "thanks for the payload fix"})
    assert read_body(said, FORM) == {"command": "/kudos", "text": "thanks for the payload fix"}
    assert read_body(urlencode({"payload": '{"type": "shortcut"}'}), FORM) == {"type": "shortcut"}
