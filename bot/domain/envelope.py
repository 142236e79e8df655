"""What Bolt itself reads of a request before any listener: the envelope, checked for shape.

Bolt picks the workspace, the person and the listener from a few fields (`team`, `user`,
`event`, `view`, `actions`, …) and fails on a signed payload where they have the wrong type.
`envelope_problem` names the first such field, so the request is refused quietly; whatever a
listener reads beyond the envelope, the listener checks itself.
"""

from __future__ import annotations

from typing import Any

_ID_HOLDERS = ("enterprise", "team", "user", "channel")  # each absent, null, a string or object
_NESTED = ("event", "message", "previous_message", "item", "assistant_thread")
MAX_NESTING = 4  # Bolt looks for ids this far down (event.message.user, say)
# In a BoltRequest's context: this body's envelope was checked already (by the HTTP gate)
ENVELOPE_CHECKED = "envelope_checked"


def _holder_problem(data: dict[str, Any], where: str, depth: int) -> str | None:
    for key in _ID_HOLDERS:
        if data.get(key) is not None and not isinstance(data[key], str | dict):
            return f"{where}{key} is neither a string nor an object"
    authorizations = data.get("authorizations")
    if authorizations is not None:
        if not isinstance(authorizations, list) or not all(
            isinstance(a, dict) for a in authorizations
        ):
            return f"{where}authorizations is not an array of objects"
        if authorizations and (found := _nested_problem(authorizations[0], where, depth)):
            return found
    for key in _NESTED:
        if isinstance(data.get(key), dict) and (
            found := _nested_problem(data[key], f"{where}{key}.", depth)
        ):
            return found
    return None


def _nested_problem(data: dict[str, Any], where: str, depth: int) -> str | None:
    if depth >= MAX_NESTING:
        return f"{where.rstrip('.')} is nested too deeply"
    return _holder_problem(data, where, depth + 1)


def _response_urls_problem(body: dict[str, Any]) -> str | None:
    if "response_url" in body or "response_urls" not in body:
        return None
    urls = body["response_urls"]
    if not isinstance(urls, list) or (urls and not isinstance(urls[0], dict)):
        return "response_urls is not an array of objects"
    return None


def _actions_problem(body: dict[str, Any]) -> str | None:
    kind = body.get("type")
    if not (kind == "block_actions" and "actions" in body) and not (
        kind == "interactive_message" and "callback_id" in body
    ):
        return None
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        return "actions is not a non-empty array"
    first = actions[0]
    if not isinstance(first, dict) or not isinstance(first.get("action_id"), str):
        return "actions[0] is not an object with a string action_id"
    return None


def _view_problem(body: dict[str, Any]) -> str | None:
    if body.get("type") not in ("view_submission", "view_closed") or "view" not in body:
        return None
    view = body["view"]
    if not isinstance(view, dict):
        return "view is not an object"
    if "callback_id" in view and "type" not in view:
        return "view has a callback_id but no type"
    return None


def _step_problem(body: dict[str, Any]) -> str | None:
    edit = body.get("type") == "workflow_step_edit" and "callback_id" in body
    return "workflow_step is missing" if edit and "workflow_step" not in body else None


def envelope_problem(body: object) -> str | None:
    """What in this request Bolt could not read (None when it can): the first bad field."""
    if not isinstance(body, dict):
        return "the request is not a JSON object"
    if "event" in body and not isinstance(body["event"], dict):
        return "event is not an object"
    return (
        _holder_problem(body, "", 0)
        or _response_urls_problem(body)
        or _actions_problem(body)
        or _view_problem(body)
        or _step_problem(body)
    )
