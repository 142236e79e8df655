"""Every command and event in manifest.yml has a registered handler, and the reverse."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App, BoltRequest

from bot.app import create_app
from bot.blocks.home import HomeData, home_view
from bot.blocks.modal import kudos_modal
from bot.blocks.reactions import confirmation_blocks, form_offer_blocks
from bot.config import Settings
from bot.deps import Deps, make_deps
from bot.runtime.startup import make_worker
from handlers import register_all
from storage.database import Database
from storage.schema import upgrade_schema
from tests.support.fake_slack import FakeSlack
from tests.support.manifest_data import (
    manifest_bot_events,
    manifest_commands,
    manifest_functions,
    manifest_shortcut_callback_ids,
)
from tests.support.slack_requests import FORM_CONTENT_TYPE, JSON_CONTENT_TYPE, signed_headers

SECRET = "registration-test-secret"


class RecordingApp:
    """Stands in for a Bolt App and records what gets registered."""

    def __init__(self) -> None:
        self.registered: dict[str, set[str]] = {
            "command": set(),
            "event": set(),
            "shortcut": set(),
            "view": set(),
            "action": set(),
            "function": set(),
        }
        self.error_handlers = 0
        self.middleware = 0

    def _recorder(self, kind: str, name: str) -> Callable[[Any], Any]:
        self.registered.setdefault(kind, set()).add(name)
        return lambda *listeners, **options: None

    def command(self, name: str) -> Callable[[Any], Any]:
        return self._recorder("command", name)

    def event(self, name: str) -> Callable[[Any], Any]:
        return self._recorder("event", name)

    def shortcut(self, callback_id: str) -> Callable[[Any], Any]:
        return self._recorder("shortcut", callback_id)

    def function(self, callback_id: str, **options: Any) -> Callable[[Any], Any]:
        return self._recorder("function", callback_id)

    def use(self, middleware: Any) -> Any:
        self.middleware += 1
        return middleware

    def view(self, callback_id: str) -> Callable[[Any], Any]:
        return self._recorder("view", callback_id)

    def action(self, action_id: str) -> Callable[[Any], Any]:
        return self._recorder("action", action_id)

    def error(self, handler: Any) -> Any:
        self.error_handlers += 1
        return handler


def _settings(api_url: str, tmp_path: Path) -> Settings:
    return Settings(
        slack_bot_token="xoxb-registration",
        slack_signing_secret=SECRET,
        slack_api_url=api_url,
        database_url=f"sqlite:///{tmp_path / 'kudos.db'}",
    )


def test_registered_listeners_are_exactly_the_manifest(tmp_path: Path) -> None:
    recorder = RecordingApp()
    settings = _settings("http://127.0.0.1:9/api/", tmp_path)
    register_all(
        recorder, Deps(settings=settings, database=Database.from_url(settings.database_url))
    )
    assert recorder.registered["command"] == manifest_commands()
    # Bolt's function() listens to function_executed for the steps' callback_ids.
    assert recorder.registered["event"] | {"function_executed"} == manifest_bot_events()
    assert recorder.registered["function"] == set(manifest_functions())
    assert recorder.registered["shortcut"] == manifest_shortcut_callback_ids()
    assert recorder.error_handlers == 1
    assert recorder.registered["view"] == {kudos_modal([])["callback_id"]}
    reaction_dms = {
        "blocks": confirmation_blocks("sent", "sealed") + form_offer_blocks("U1", ":x:", "sealed")
    }
    assert recorder.registered["action"] == _dispatched_action_ids(
        home_view(_EMPTY_HOME)
    ) | _dispatched_action_ids(reaction_dms)


_EMPTY_HOME = HomeData(
    values=[],
    received=[],
    given=[],
    per_value=[],
    quarter_label="Q4 2026",
    totals=(0, 0, 0),
    standings=[],
    week_label="this week",
)


def _dispatched_action_ids(view: dict[str, Any]) -> set[str]:
    """action_ids of interactive elements Slack sends block_actions for (not modal inputs)."""
    ids = set()
    for block in view["blocks"]:
        elements = block.get("elements", []) if block["type"] == "actions" else []
        elements += [block["accessory"]] if "accessory" in block else []
        ids |= {e["action_id"] for e in elements if "action_id" in e}
    return ids


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[App, FakeSlack]]:
    with FakeSlack() as slack:
        settings = _settings(slack.api_url, tmp_path)
        database = Database.from_url(settings.database_url)
        upgrade_schema(database.engine)
        deps = make_deps(settings, database)
        worker = make_worker(deps)
        worker.start()
        yield create_app(settings, deps=deps), slack
        worker.stop(grace=5)
        database.dispose()


def _request(body: str, content_type: str) -> BoltRequest:
    headers = signed_headers(body.encode(), signing_secret=SECRET, content_type=content_type)
    return BoltRequest(body=body, headers=dict[str, str | Sequence[str]](headers))


def test_every_manifest_command_reaches_a_listener(app: tuple[App, FakeSlack]) -> None:
    bolt, slack = app
    for command in manifest_commands():
        body = urlencode(
            {
                "command": command,
                "text": "help",
                "team_id": "T1",
                "user_id": "U1",
                "channel_id": "C1",
                "trigger_id": "1.2.3",
                "response_url": slack.response_url("r"),
            }
        )
        assert bolt.dispatch(_request(body, FORM_CONTENT_TYPE)).status == 200
    slack.wait_for_responses("r", count=len(manifest_commands()))


def _event(event_type: str) -> dict[str, Any]:
    if event_type != "function_executed":
        return {"type": event_type, "user": "U1", "tab": "messages"}
    (callback_id,) = manifest_functions()
    return {
        "type": event_type,
        "function": {"id": "Fn1", "callback_id": callback_id, "title": "Give kudos"},
        "inputs": {},
        "function_execution_id": "Fx1",
        "workflow_execution_id": "Wx1",
        "event_ts": "1.2",
        "bot_access_token": "xwfp-registration",
    }


def test_every_manifest_event_reaches_a_listener(app: tuple[App, FakeSlack]) -> None:
    bolt, _ = app
    for event_type in manifest_bot_events():
        body = json.dumps(
            {
                "type": "event_callback",
                "team_id": "T1",
                "api_app_id": "A1",
                "event_id": "Ev1",
                "event_time": 1,
                "event": _event(event_type),
            }
        )
        assert bolt.dispatch(_request(body, JSON_CONTENT_TYPE)).status == 200, event_type


def test_an_unregistered_command_is_not_silently_accepted(app: tuple[App, FakeSlack]) -> None:
    bolt, _ = app
    body = urlencode({"command": "/nope", "text": "", "team_id": "T1", "user_id": "U1"})
    assert bolt.dispatch(_request(body, FORM_CONTENT_TYPE)).status == 404
