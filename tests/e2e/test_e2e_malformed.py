"""End to end: signed but malformed payloads get a quiet 200 or 400 and one warning, never a
500, a traceback or an ERROR line; nothing is stored for them, and the app goes on working.
The form's private metadata only ever brings a link the app sealed, to a message of the
workspace."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.blocks.modal import kudos_modal
from bot.domain.metadata import metadata_key, seal
from tests.support.e2e import Stack, Workspace
from tests.support.interactions import (
    block_actions,
    global_shortcut,
    message_shortcut,
    modal_state,
    submitted_view,
    view_submission,
)
from tests.support.live_server import SIGNING_SECRET
from tests.support.malformed import last_task_id, logged_meanwhile, tasks_after, with_nested_array
from tests.support.slack_requests import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    SlackHttpResult,
    SlackSender,
    event_body,
    interaction_body,
    slash_command_body,
)


@pytest.fixture
def stack(module_stack: Stack) -> Stack:
    """A server of this module's own: its tests check every task and log line meanwhile."""
    return module_stack


MSG = "stayed on after the outage to call back every customer"
DROP = object()  # a field left out altogether
Body = tuple[bytes, str]  # the body and its Content-Type


def _changed(payload: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    """A copy of `payload` with the field at the dotted `path` set to `value` (or dropped)."""
    payload = copy.deepcopy(payload)
    *parents, last = path.split(".")
    node: Any = payload
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is DROP:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return payload


def _form(payload: dict[str, Any]) -> Body:
    return interaction_body(payload), FORM_CONTENT_TYPE


def _shortcut(ws: Workspace) -> dict[str, Any]:
    return global_shortcut("give_kudos", team_id=ws.team_id, user_id="UGIVER")


def _message_shortcut(ws: Workspace) -> dict[str, Any]:
    return message_shortcut(
        "give_kudos_for_message",
        team_id=ws.team_id,
        user_id="UGIVER",
        channel_id="CTEAM",
        author_id="UAUTHOR",
        response_url=ws.stack.slack.response_url("msg"),
    )


def _submission(ws: Workspace, metadata: str | None = None) -> dict[str, Any]:
    metadata = seal(metadata_key(SIGNING_SECRET), {}) if metadata is None else metadata
    state = modal_state(["UANA"], "respect", MSG)
    view = submitted_view(kudos_modal([], private_metadata=metadata), state, "V" + ws.team_id)
    return view_submission(view, team_id=ws.team_id, user_id="UGIVER")


def _home_button(ws: Workspace) -> dict[str, Any]:
    button = {"type": "button", "action_id": "home_give_kudos", "block_id": "give"}
    return block_actions([button], team_id=ws.team_id, user_id="UGIVER")


def _preferences(ws: Workspace) -> dict[str, Any]:
    action = {"type": "checkboxes", "action_id": "home_preferences", "selected_options": []}
    return block_actions([action], team_id=ws.team_id, user_id="UGIVER")


def _event(ws: Workspace, event: dict[str, Any]) -> dict[str, Any]:
    envelope: dict[str, Any] = json.loads(event_body(event, team_id=ws.team_id))
    return envelope


def _home_opened(ws: Workspace) -> dict[str, Any]:
    opened = {"type": "app_home_opened", "user": "UANA", "tab": "home", "event_ts": "1.2"}
    return _event(ws, opened)


def _revoked(ws: Workspace) -> dict[str, Any]:
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": ["UANA"], "bot": []}, "event_ts": "1"}
    return _event(ws, revoked)


def _command(ws: Workspace) -> dict[str, Any]:
    body = slash_command_body(text="help", team_id=ws.team_id, response_url="http://x.invalid/")
    return dict(parse_qsl(body.decode(), keep_blank_values=True))


def _json(payload: dict[str, Any]) -> Body:
    return json.dumps(payload).encode(), JSON_CONTENT_TYPE


def _in_form(make: Callable[[Workspace], dict[str, Any]], path: str, value: object) -> Any:
    return lambda ws: _form(_changed(make(ws), path, value))


def _in_json(make: Callable[[Workspace], dict[str, Any]], path: str, value: object) -> Any:
    return lambda ws: _json(_changed(make(ws), path, value))


def _deep_form(ws: Workspace, depth: int) -> Body:
    payload = _changed(_submission(ws), "view.state.values.recipients.recipients", "NESTED")
    return urlencode({"payload": with_nested_array(payload, depth)}).encode(), FORM_CONTENT_TYPE


def _deep_event(ws: Workspace) -> Body:
    payload = _changed(_home_opened(ws), "event.user", "NESTED")
    return with_nested_array(payload, 3000).encode(), JSON_CONTENT_TYPE


STATE = "view.state.values"
CASES = [
    pytest.param(_in_form(_shortcut, "user", None), 200, "user.id", id="shortcut-user-null"),
    pytest.param(_in_form(_shortcut, "user", DROP), 200, "user.id", id="shortcut-no-user"),
    pytest.param(_in_form(_shortcut, "user.id", 7), 200, "user.id", id="shortcut-user-id-number"),
    pytest.param(_in_form(_shortcut, "trigger_id", None), 200, "trigger_id", id="shortcut-trigger"),
    pytest.param(
        _in_form(_message_shortcut, "message", "hi"), 200, "message is not", id="msg-not-object"
    ),
    pytest.param(
        _in_form(_message_shortcut, "channel.id", None), 200, "channel.id", id="msg-channel-null"
    ),
    pytest.param(
        _in_form(_message_shortcut, "message.user", "not an id"),
        200,
        "message.user",
        id="msg-author",
    ),
    pytest.param(_in_form(_submission, "view", None), 400, "view is not", id="view-null"),
    pytest.param(_in_form(_submission, "view.id", None), 200, "view.id", id="view-id-null"),
    pytest.param(_in_form(_submission, "view.id", DROP), 200, "view.id", id="view-id-missing"),
    pytest.param(_in_form(_submission, "user", None), 200, "user.id", id="view-user-null"),
    pytest.param(
        lambda ws: _form(_changed(_changed(_submission(ws), "team", None), "user.team_id", DROP)),
        200,
        "names no workspace",  # OAuth mode: refused before Bolt looks for an installation
        id="view-no-team-at-all",
    ),
    pytest.param(_in_form(_submission, STATE, []), 200, "state.values", id="state-list"),
    pytest.param(_in_form(_submission, STATE, "x"), 200, "state.values", id="state-string"),
    pytest.param(
        _in_form(_submission, f"{STATE}.recipients.recipients.selected_users", "UANA"),
        200,
        "selected_users",
        id="state-users-string",
    ),
    pytest.param(
        _in_form(_submission, f"{STATE}.value.value.selected_option", "respect"),
        200,
        "selected_option",
        id="state-option-string",
    ),
    pytest.param(
        _in_form(_submission, f"{STATE}.message.message.value", 42),
        200,
        "message.value",
        id="state-message-number",
    ),
    pytest.param(
        _in_form(_submission, f"{STATE}.private", ["private"]),
        200,
        "state.values.private",
        id="state-block-list",
    ),
    pytest.param(lambda ws: _deep_form(ws, 900), 400, "deep", id="nested-900-deep-in-state"),
    pytest.param(_in_form(_home_button, "actions", []), 400, "actions", id="actions-empty"),
    pytest.param(_in_form(_home_button, "actions", ["x"]), 400, "actions[0]", id="actions-str"),
    pytest.param(
        _in_form(_preferences, "actions.0.selected_options", "off"),
        200,
        "selected_options",
        id="prefs-options-string",
    ),
    pytest.param(_in_form(_preferences, "user", None), 200, "user.id", id="prefs-user-null"),
    pytest.param(
        _in_form(_preferences, "actions.0.action_ts", DROP), 200, "action_ts", id="prefs-no-ts"
    ),
    pytest.param(_in_json(_home_opened, "event.user", None), 200, "event.user", id="home-user"),
    pytest.param(
        _in_json(_home_opened, "event.user", ["UANA"]), 400, "event.user", id="home-user-list"
    ),
    pytest.param(_in_json(_home_opened, "event.tab", 3), 200, "event.tab", id="home-tab-number"),
    pytest.param(
        lambda ws: _json(
            _changed(_changed(_home_opened(ws), "event_id", DROP), "event.event_ts", DROP)
        ),
        200,
        "event_id",
        id="home-no-event-id",
    ),
    pytest.param(_in_json(_revoked, "event.tokens", []), 200, "event.tokens", id="tokens-list"),
    pytest.param(
        _in_json(_revoked, "event.tokens.oauth", "UANA"), 200, "event.tokens", id="tokens-string"
    ),
    pytest.param(
        lambda ws: _json(_changed(_changed(_revoked(ws), "team_id", None), "authorizations", [])),
        200,
        "names no workspace",
        id="lifecycle-no-team",
    ),
    pytest.param(
        lambda ws: (urlencode({**_command(ws), "user_id": ""}).encode(), FORM_CONTENT_TYPE),
        200,
        "user_id",
        id="command-user-empty",
    ),
    pytest.param(
        _in_json(_command, "team_id", None), 200, "names no workspace", id="command-team-null"
    ),
    pytest.param(_in_json(_command, "text", 42), 200, "text", id="command-text-number"),
    pytest.param(_in_json(_command, "trigger_id", DROP), 200, "trigger_id", id="command-trigger"),
    pytest.param(lambda ws: _deep_form(ws, 3000), 400, "deep", id="nested-3000-form"),
    pytest.param(_deep_event, 400, "deep", id="nested-3000-json"),
    pytest.param(lambda ws: (b"[1]", JSON_CONTENT_TYPE), 400, "JSON", id="json-array"),
    pytest.param(_in_json(_home_opened, "event", "x"), 400, "event", id="event-string"),
    pytest.param(_in_form(_shortcut, "team", 5), 400, "team", id="team-number"),
]


def _send(ws: Workspace, body: Body) -> SlackHttpResult:
    return SlackSender(ws.stack.server.events_url, SIGNING_SECRET).send(*body)


def _a_good_request_still_works(ws: Workspace) -> None:
    ws.command("help", "after")
    assert "/kudos" in json.dumps(ws.reply("after"))


@pytest.mark.parametrize(("build", "status", "warning"), CASES)
def test_a_malformed_request_gets_a_quiet_answer_and_stores_nothing(
    *, ws: Workspace, build: Callable[[Workspace], Body], status: int, warning: str
) -> None:
    database = ws.stack.database
    before = last_task_id(database)
    with logged_meanwhile(ws.stack.server) as log:
        result = _send(ws, build(ws))
        stored = tasks_after(database, before)
        _a_good_request_still_works(ws)
    assert result.status == status
    assert result.body in (b"", b'{"error": "bad request"}')  # the listener's ack, or the gate's
    assert "Traceback" not in log.text
    assert log.at("ERROR") == []
    (line,) = log.at("WARNING")
    assert warning in line
    assert stored == []
    assert [t.kind for t in tasks_after(database, before)] == ["command"]


def _sealed(link: str) -> str:
    return seal(metadata_key(SIGNING_SECRET), {"link": link})


def _tampered(link: str) -> str:
    sealed = json.loads(_sealed(link))
    return json.dumps({**sealed, "link": "https://example.slack.com/archives/COTHER/p1"})


OURS = "https://example.slack.com/archives/CTEAM/p1700000123000400"
NOT_OURS = "not what the app wrote"
NOT_A_PERMALINK = "not a message permalink of the workspace"


@pytest.mark.parametrize(
    ("metadata", "kept", "warning"),
    [
        pytest.param(_sealed(OURS), OURS, None, id="sealed-permalink-kept"),
        pytest.param(_sealed(""), None, NOT_A_PERMALINK, id="sealed-empty-link"),
        pytest.param(_tampered(OURS), None, NOT_OURS, id="tampered"),
        pytest.param("not json {", None, NOT_OURS, id="not-json"),
        pytest.param(json.dumps({"link": OURS}), None, NOT_OURS, id="unsealed"),
        pytest.param("[" * 1400 + "]" * 1400, None, NOT_OURS, id="nested-metadata"),
        pytest.param(_sealed("https://evil.example/x"), None, NOT_A_PERMALINK, id="evil-link"),
        pytest.param(
            _sealed("https://other.slack.com/archives/C1/p1700000123000400"),
            None,
            NOT_A_PERMALINK,
            id="other-workspace",
        ),
    ],
)
def test_only_a_sealed_permalink_of_the_workspace_comes_with_the_kudos(
    *, ws: Workspace, metadata: str, kept: str | None, warning: str | None
) -> None:
    database = ws.stack.database
    before = last_task_id(database)
    with logged_meanwhile(ws.stack.server) as log:
        result = _send(ws, _form(_submission(ws, metadata)))
        posts = ws.stack.slack.wait_for_calls("chat.postMessage", count=2)  # the DM, the giver's
    assert (result.status, result.body) == (200, b"")
    (give,) = [t for t in tasks_after(database, before) if t.kind == "give"]
    assert give.payload["request"]["source_link"] == kept
    assert "evil.example" not in json.dumps([p.params for p in posts])
    assert log.at("ERROR") == []
    warnings = log.at("WARNING")
    if warning is None:
        assert warnings == []
    else:
        (line,) = warnings
        assert "link dropped" in line
        assert warning in line
