"""Read a submitted "Give kudos" modal and validate it inline, with the command's rules."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks.modal import CHANNEL, MESSAGE, PRIVATE, RECIPIENTS, VALUE
from bot.domain.kudos_text import MAX_RECIPIENTS, check_message
from bot.domain.recipients import Person
from bot.domain.user_text import from_form


@dataclass(frozen=True)
class ModalInput:
    """What the giver filled in."""

    recipient_ids: tuple[str, ...]
    value: str | None
    message: str
    channel_id: str | None
    is_private: bool
    source_link: str | None


def _field(state: dict[str, Any], block_id: str) -> dict[str, Any]:
    field: dict[str, Any] = state.get(block_id, {}).get(block_id) or {}
    return field


def read_submission(view: dict[str, Any]) -> ModalInput:
    """Read the submitted view's state (missing or empty fields become empty values)."""
    state = view.get("state", {}).get("values", {})
    value = (_field(state, VALUE).get("selected_option") or {}).get("value")
    checked = _field(state, PRIVATE).get("selected_options") or []
    try:
        link = json.loads(view.get("private_metadata") or "{}").get("link")
    except ValueError:
        link = None
    return ModalInput(
        recipient_ids=tuple(dict.fromkeys(_field(state, RECIPIENTS).get("selected_users") or [])),
        value=value,
        message=from_form(_field(state, MESSAGE).get("value") or ""),
        channel_id=_field(state, CHANNEL).get("selected_conversation"),
        is_private=any(o.get("value") == PRIVATE for o in checked),
        source_link=link if isinstance(link, str) else None,
    )


def _recipient_error(
    given: ModalInput, giver_id: str, people: Sequence[Person], app_user_id: str | None
) -> str | None:
    if not given.recipient_ids:
        return "Pick at least one person to thank."
    if len(given.recipient_ids) > MAX_RECIPIENTS:
        return f"One kudos can thank at most {MAX_RECIPIENTS} people."
    if giver_id in given.recipient_ids:
        return "Kudos are for thanking others, so you can't give them to yourself."
    if any(u in (app_user_id, "USLACKBOT") for u in given.recipient_ids) or any(
        p.is_bot for p in people
    ):
        return "Kudos are for people: remove the bots you picked."
    if any(p.deleted for p in people):
        return "Someone you picked is no longer in this workspace."
    return None


def submission_errors(
    given: ModalInput, *, giver_id: str, people: Sequence[Person], app_user_id: str | None
) -> dict[str, str]:
    """Inline errors per block id, with the same rules as `/kudos`; empty when all is well."""
    errors: dict[str, str] = {}
    if recipient_error := _recipient_error(given, giver_id, people, app_user_id):
        errors[RECIPIENTS] = recipient_error
    if not given.value:
        errors[VALUE] = "Pick the value they showed."
    if refusal := check_message(given.message):
        errors[MESSAGE] = refusal.reason
    return errors
