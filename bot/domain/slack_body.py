"""A request body read the way Bolt reads it (but for a form that merely mentions "payload"),
never failing on it: for a check before Bolt, and for Bolt itself.

Bolt parses the body and picks the workspace, the person and the listener before any of the
app's code runs, so a signed body it can't parse (a few thousand nested arrays exhaust Python's
recursion limit) or whose envelope it can't read fails there with a 500. `read_body` says why
first, so that the door to Bolt can answer 400 with one warning instead; and when Bolt can read
the body, it hands Bolt what it read, so each body is parsed once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from bot.domain.envelope import envelope_problem

MAX_DEPTH = 64  # Slack's deepest payloads (rich text in a view's state) nest about a dozen


def _parse(raw: str, content_type: str | None) -> tuple[object, bool]:
    """What Bolt's `parse_body` makes of `raw`, and whether it was JSON (a form's fields are
    flat strings: they nest no deeper than one). Bolt's reading but for one case: a form
    without a `payload` field whose text holds the word "payload" (a slash command such as
    `/kudos … thanks for the payload fix`) is its fields here, where Bolt reads it as {} and
    answers 404. ValueError or RecursionError when it fails."""
    if not raw:
        return {}, False
    if content_type == "application/json" or raw.startswith("{"):
        return json.loads(raw), True
    fields = dict(parse_qsl(raw, keep_blank_values=True))
    payload = fields.get("payload")
    return (fields, False) if payload is None else (json.loads(payload), True)


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


@dataclass(frozen=True)
class Unreadable:
    """Why Bolt could not read a body."""

    reason: str


def read_body(raw: str, content_type: str | None) -> dict[str, Any] | Unreadable:
    """The body as Bolt reads it, when Bolt can (so it need not parse it again); else why not."""
    try:
        body, from_json = _parse(raw, content_type)
    except RecursionError:
        return Unreadable(f"the body nests more than {MAX_DEPTH} deep")
    except ValueError:
        return Unreadable("the body is not JSON")
    if from_json and too_deep(body):
        return Unreadable(f"the body nests more than {MAX_DEPTH} deep")
    problem = envelope_problem(body)
    if problem is not None or not isinstance(body, dict):
        return Unreadable(problem or "the request is not a JSON object")
    return body
