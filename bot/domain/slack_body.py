"""A request body read the way Bolt reads it, never failing on it: for a check before Bolt.

Bolt parses the body and picks the workspace, the person and the listener before any of the
app's code runs, so a signed body it can't parse (a few thousand nested arrays exhaust Python's
recursion limit) or whose envelope it can't read fails there with a 500. `body_problem` says
why first, so that the door to Bolt can answer 400 with one warning instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import parse_qsl

from bot.domain.envelope import envelope_problem

MAX_DEPTH = 64  # Slack's deepest payloads (rich text in a view's state) nest about a dozen


def _parse(raw: str, content_type: str | None) -> object:
    """What Bolt's `parse_body` makes of `raw`; ValueError or RecursionError when it fails."""
    if not raw:
        return {}
    if content_type == "application/json" or raw.startswith("{"):
        return json.loads(raw)
    fields = dict(parse_qsl(raw, keep_blank_values=True))
    if "payload" not in raw:
        return fields
    payload = fields.get("payload")
    return {} if payload is None else json.loads(payload)


def too_deep(value: object, limit: int = MAX_DEPTH) -> bool:
    """Whether arrays and objects nest more than `limit` deep in `value` (no recursion)."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: Iterable[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


def body_problem(raw: str, content_type: str | None) -> str | None:
    """Why Bolt could not read this body, or None when it can."""
    try:
        body = _parse(raw, content_type)
    except RecursionError:
        return f"the body nests more than {MAX_DEPTH} deep"
    except ValueError:
        return "the body is not JSON"
    if too_deep(body):
        return f"the body nests more than {MAX_DEPTH} deep"
    return envelope_problem(body)
