"""Interactivity payloads shaped as Slack sends them: shortcuts, view_submission, block_actions."""

from __future__ import annotations

import json
import secrets
from typing import Any

from tests.support.slack_requests import API_APP_ID, TEAM_DOMAIN, VERIFICATION_TOKEN, new_trigger_id


def _user(user_id: str, team_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id}


def _common(kind: str, team_id: str, user_id: str) -> dict[str, Any]:
    return {
        "type": kind,
        "token": VERIFICATION_TOKEN,
        "api_app_id": API_APP_ID,
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "user": _user(user_id, team_id),
        "is_enterprise_install": False,
        "enterprise": None,
        "trigger_id": new_trigger_id(),
    }


def global_shortcut(callback_id: str, *, team_id: str, user_id: str) -> dict[str, Any]:
    """A global shortcut (`type: shortcut`)."""
    return {**_common("shortcut", team_id, user_id), "callback_id": callback_id, "action_ts": "1.2"}


def message_shortcut(
    callback_id: str,
    *,
    team_id: str,
    user_id: str,
    channel_id: str,
    author_id: str,
    response_url: str,
) -> dict[str, Any]:
    """A message shortcut (`type: message_action`) on a message by `author_id`."""
    ts = "1700000123.000400"
    return {
        **_common("message_action", team_id, user_id),
        "callback_id": callback_id,
        "action_ts": "1700000200.1",
        "message_ts": ts,
        "response_url": response_url,
        "channel": {"id": channel_id, "name": channel_id[1:].lower()},
        "message": {"type": "message", "user": author_id, "ts": ts, "text": "shipped the fix"},
    }


def submitted_view(view: dict[str, Any], state: dict[str, Any], view_id: str) -> dict[str, Any]:
    """The view as Slack returns it on submit: our blocks plus id, hash and state."""
    return {
        **view,
        "id": view_id,
        "hash": f"1700000000.{secrets.token_hex(4)}",
        "state": {"values": state},
        "app_id": API_APP_ID,
        "bot_id": "BBOT",
    }


def view_submission(view: dict[str, Any], *, team_id: str, user_id: str) -> dict[str, Any]:
    """A `view_submission` of `view` (already carrying id, hash and state)."""
    return {**_common("view_submission", team_id, user_id), "view": view, "response_urls": []}


def modal_state(
    users: list[str],
    value: str | None,
    message: str,
    *,
    channel_id: str | None = None,
    private: bool = False,
) -> dict[str, Any]:
    """The modal's `state.values` for these answers."""
    option = {"text": {"type": "plain_text", "text": value}, "value": value} if value else None
    return {
        "recipients": {"recipients": {"type": "multi_users_select", "selected_users": users}},
        "value": {"value": {"type": "static_select", "selected_option": option}},
        "message": {"message": {"type": "plain_text_input", "value": message}},
        "channel": {
            "channel": {"type": "conversations_select", "selected_conversation": channel_id}
        },
        "private": {
            "private": {
                "type": "checkboxes",
                "selected_options": [{"value": "private"}] if private else [],
            }
        },
    }


def block_actions(
    actions: list[dict[str, Any]], *, team_id: str, user_id: str, view_id: str = "VHOME"
) -> dict[str, Any]:
    """A `block_actions` payload from the Home tab."""
    return {
        **_common("block_actions", team_id, user_id),
        "container": {"type": "view", "view_id": view_id},
        "view": {"id": view_id, "type": "home", "blocks": [], "private_metadata": ""},
        "actions": [{"action_ts": "1700000300.2", **a} for a in actions],
    }


def dumps(payload: dict[str, Any]) -> str:
    """Compact JSON, for debugging failed assertions."""
    return json.dumps(payload, separators=(",", ":"))
