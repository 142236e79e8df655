"""manifest.yml must satisfy Slack's published manifest JSON Schema and our product rules.

The schema lives outside this repo, in ../shared/slack/manifest-schema (see its SOURCE.md).
Its remote ``$ref``s are resolved to those local files only; nothing is fetched.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from bot.domain import workflow_step as step
from bot.slack.oauth import BOT_SCOPES as OAUTH_BOT_SCOPES
from tests.support.manifest_data import (
    load_manifest,
    manifest_bot_events,
    manifest_commands,
    manifest_functions,
    manifest_shortcut_callback_ids,
)

SCHEMA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "slack" / "manifest-schema"
REMOTE_SCHEMA_BASE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"
V2_SCHEMA_URI = REMOTE_SCHEMA_BASE + "manifest.schema.2.0.0.json"
# manifest.schema.json dispatches with oneOf, so when a v1 manifest is invalid jsonschema also
# evaluates the v2 branch (to report its errors) and follows its $ref. The v2 schema is not
# vendored; stand in a schema that rejects everything, so only v1 manifests can ever pass.
V2_NOT_VENDORED: dict[str, Any] = {
    "$comment": "manifest.schema.2.0.0.json is not vendored in shared/slack/manifest-schema",
    "not": {},
}
EVENTS_PATH = "/slack/events"
BOT_SCOPES = {
    "commands",
    "chat:write",
    "users:read",
    "usergroups:read",
    "channels:read",
    "groups:read",
    "im:write",
    "files:write",
    "reactions:read",  # giving by reaction
    "channels:history",  # the reacted-to message's excerpt, read only on a value's emoji
}


def _retrieve_local(schema_dir: Path, uri: str) -> Resource[Any]:
    """Map a remote schema URI to its local copy; fail the test rather than use the network."""
    name = uri.removeprefix(REMOTE_SCHEMA_BASE)
    path = schema_dir / name
    if name != uri and "/" not in name and path.is_file():
        contents = json.loads(path.read_text(encoding="utf-8"))
        return Resource.from_contents(contents, default_specification=DRAFT7)
    if uri == V2_SCHEMA_URI:
        return Resource.from_contents(V2_NOT_VENDORED, default_specification=DRAFT7)
    pytest.fail(f"schema $ref {uri!r} has no local file in {schema_dir}; refusing to fetch it")


def _validator(schema_dir: Path, schema: dict[str, Any]) -> Draft7Validator:
    # referencing's attrs stub hides Registry's keyword-only `retrieve` argument from mypy.
    retrieve = partial(_retrieve_local, schema_dir)
    registry: Registry[Any] = Registry(retrieve=retrieve)  # type: ignore[call-arg]
    return Draft7Validator(schema, registry=registry)


@pytest.fixture(scope="module")
def schema_dir() -> Path:
    if SCHEMA_DIR.is_dir():
        return SCHEMA_DIR
    reason = f"Slack manifest schema folder not found: {SCHEMA_DIR}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(f"{reason} (repo checked out on its own; this check runs in CI)")


@pytest.fixture(scope="module")
def validator(schema_dir: Path) -> Draft7Validator:
    schema = json.loads((schema_dir / "manifest.schema.json").read_text(encoding="utf-8"))
    return _validator(schema_dir, schema)


def _leaf_errors(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """The innermost errors: the oneOf dispatcher's own error only says "no branch matched"."""
    for error in errors:
        if error.context:
            yield from _leaf_errors(error.context)
        else:
            yield error


def _describe(error: ValidationError) -> str:
    path = "/".join(str(part) for part in error.absolute_path) or "<root>"
    message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return f"{path}: {message}"


def _error_messages(validator: Draft7Validator, manifest: dict[str, Any]) -> list[str]:
    """Readable, de-duplicated leaf errors (each oneOf branch repeats the v1 errors)."""
    described = (_describe(error) for error in _leaf_errors(validator.iter_errors(manifest)))
    return list(dict.fromkeys(described))


def test_manifest_matches_slack_schema(validator: Draft7Validator) -> None:
    errors = _error_messages(validator, load_manifest())
    assert not errors, "manifest.yml fails Slack's schema:\n" + "\n".join(errors)


def test_schema_rejects_unknown_top_level_key(validator: Draft7Validator) -> None:
    manifest = load_manifest() | {"surprise_key": True}
    errors = _error_messages(validator, manifest)
    assert any("'surprise_key' was unexpected" in error for error in errors), errors


def test_schema_rejects_slash_command_without_description(validator: Draft7Validator) -> None:
    manifest = copy.deepcopy(load_manifest())
    del manifest["features"]["slash_commands"][0]["description"]
    errors = _error_messages(validator, manifest)
    assert any("'description' is a required property" in error for error in errors), errors


def test_missing_local_schema_fails_instead_of_fetching(schema_dir: Path) -> None:
    validator = _validator(schema_dir, {"$ref": REMOTE_SCHEMA_BASE + "manifest.schema.9.9.9.json"})
    with pytest.raises(pytest.fail.Exception, match="refusing to fetch"):
        validator.validate({})


def _request_urls(manifest: dict[str, Any]) -> dict[str, str]:
    settings = manifest["settings"]
    urls = {
        f"slash command {cmd['command']}": cmd.get("url", "")
        for cmd in manifest["features"].get("slash_commands", [])
    }
    urls["event_subscriptions"] = settings["event_subscriptions"].get("request_url", "")
    urls["interactivity"] = settings["interactivity"].get("request_url", "")
    return urls


def test_request_urls_point_at_bolt_endpoint() -> None:
    wrong = {
        where: url
        for where, url in _request_urls(load_manifest()).items()
        if not url.endswith(EVENTS_PATH)
    }
    assert not wrong, f"request URLs must end with {EVENTS_PATH}: {wrong}"


def test_slash_commands_escape_and_have_usage_hint() -> None:
    commands = load_manifest()["features"]["slash_commands"]
    assert commands
    for cmd in commands:
        assert cmd.get("should_escape") is True, cmd["command"]
        assert cmd.get("usage_hint"), cmd["command"]


def test_bot_scopes_are_least_privilege() -> None:
    scopes = load_manifest()["oauth_config"]["scopes"]["bot"]
    assert sorted(scopes) == sorted(BOT_SCOPES)


def test_oauth_asks_for_exactly_the_manifest_scopes() -> None:
    assert set(OAUTH_BOT_SCOPES) == BOT_SCOPES


def test_long_description_says_when_messages_are_read() -> None:
    text = load_manifest()["display_information"]["long_description"]
    assert "never reads your channels' messages" not in text
    assert "reads a message only when someone reacts to it with a value's emoji" in text
    assert len(text) <= 4000


def test_manifest_data_helpers() -> None:
    assert manifest_commands() == {"/kudos"}
    assert manifest_bot_events() == {
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
        "function_executed",
        "reaction_added",
        "reaction_removed",
    }
    assert manifest_shortcut_callback_ids() == {"give_kudos", "give_kudos_for_message"}


STEP_INPUTS = {
    "giver": ("slack#/types/user_id", True),
    "recipients": ("array", True),
    "value": ("string", True),
    "message": ("string", True),
    "channel": ("slack#/types/channel_id", False),
}


def test_the_workflow_step_is_declared_with_its_inputs_and_outputs() -> None:
    declared = manifest_functions()["give_kudos"]
    assert declared["title"] == "Give kudos"
    inputs = declared["input_parameters"]
    assert {name: (p["type"], p["is_required"]) for name, p in inputs.items()} == STEP_INPUTS
    assert inputs["recipients"]["items"] == {"type": "slack#/types/user_id"}
    assert all(p.get("title") and p.get("description") for p in inputs.values())
    outputs = {name: p["type"] for name, p in declared["output_parameters"].items()}
    assert outputs == {"link": "string", "kudos_id": "string"}


def test_the_workflow_step_runs_here_and_is_told_of_its_runs() -> None:
    settings = load_manifest()["settings"]
    assert settings["function_runtime"] == "remote"
    assert "function_executed" in settings["event_subscriptions"]["bot_events"]


def test_the_step_names_match_the_code() -> None:
    declared = manifest_functions()[step.STEP_CALLBACK_ID]
    assert tuple(declared["input_parameters"]) == step.INPUTS
    assert set(declared["output_parameters"]) == {step.LINK, step.KUDOS_ID}


def test_schema_rejects_a_step_without_title(validator: Draft7Validator) -> None:
    manifest = copy.deepcopy(load_manifest())
    del manifest["functions"]["give_kudos"]["title"]
    errors = _error_messages(validator, manifest)
    assert any("'title' is a required property" in error for error in errors), errors


def test_schema_rejects_a_step_input_without_type(validator: Draft7Validator) -> None:
    manifest = copy.deepcopy(load_manifest())
    del manifest["functions"]["give_kudos"]["input_parameters"]["value"]["type"]
    errors = _error_messages(validator, manifest)
    assert any("'type' is a required property" in error for error in errors), errors
