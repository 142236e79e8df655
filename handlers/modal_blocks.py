"""Pure builder and reader for the "Give kudos" modal, and its inline validation."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.kudos_text import MAX_MESSAGE_CHARS, MAX_RECIPIENTS, MIN_MESSAGE_CHARS, check_message
from bot.rules import Person
from bot.values import NamedValue
from handlers.kudos_blocks import Block, context, escape

MODAL_CALLBACK_ID = "give_kudos_modal"
RECIPIENTS, VALUE, MESSAGE = "recipients", "value", "message"
CHANNEL, PRIVATE = "channel", "private"
OPTION_TEXT_LIMIT = 75
MAX_OPTIONS = 100


@dataclass(frozen=True)
class ModalInput:
    """What the giver filled in."""

    recipient_ids: tuple[str, ...]
    value: str | None
    message: str
    channel_id: str | None
    is_private: bool
    source_link: str | None


def _cut(text: str, limit: int = OPTION_TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value_option(value: NamedValue) -> dict[str, Any]:
    option: dict[str, Any] = {
        "text": {"type": "plain_text", "text": _cut(f"{getattr(value, 'emoji', '')} {value.name}")},
        "value": value.slug,
    }
    if description := getattr(value, "description", ""):
        option["description"] = {"type": "plain_text", "text": _cut(description)}
    return option


def _input(block_id: str, label: str, element: dict[str, Any], **extra: Any) -> Block:
    element = {"action_id": block_id, **element}
    label_text = {"type": "plain_text", "text": label}
    return {"type": "input", "block_id": block_id, "label": label_text, "element": element, **extra}


def _channel_element(channel_id: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "conversations_select",
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if channel_id and channel_id.startswith(("C", "G")):
        element["initial_conversation"] = channel_id
    else:
        element["default_to_current_conversation"] = True
    return element


def kudos_modal(
    values: Sequence[NamedValue],
    *,
    recipients: Iterable[str] = (),
    channel_id: str | None = None,
    source_link: str | None = None,
) -> dict[str, Any]:
    """The modal: recipients, value, message, where to announce it, and "keep it private"."""
    people: dict[str, Any] = {"type": "multi_users_select", "max_selected_items": MAX_RECIPIENTS}
    if initial := list(recipients):
        people["initial_users"] = initial
    text_hint = f"What did they do? {MIN_MESSAGE_CHARS} to {MAX_MESSAGE_CHARS} characters."
    blocks: list[Block] = [
        _input(RECIPIENTS, "Who made a difference?", people),
        _input(
            VALUE,
            "Which value did they show?",
            {"type": "static_select", "options": [_value_option(v) for v in values[:MAX_OPTIONS]]},
        ),
        _input(
            MESSAGE,
            "What did they do?",
            {"type": "plain_text_input", "multiline": True, "max_length": MAX_MESSAGE_CHARS},
            hint={"type": "plain_text", "text": text_hint},
        ),
        _input(CHANNEL, "Celebrate it in", _channel_element(channel_id), optional=True),
        _input(
            PRIVATE,
            "Privacy",
            {
                "type": "checkboxes",
                "options": [
                    {
                        "text": {"type": "plain_text", "text": "Keep it private"},
                        "description": {
                            "type": "plain_text",
                            "text": "Only you, the people you thank and admins will see it.",
                        },
                        "value": PRIVATE,
                    }
                ],
            },
            optional=True,
        ),
    ]
    if source_link:
        blocks.insert(0, context(f"For <{escape(source_link)}|this message>"))
    return {
        "type": "modal",
        "callback_id": MODAL_CALLBACK_ID,
        "title": {"type": "plain_text", "text": "Give kudos"},
        "submit": {"type": "plain_text", "text": "Send kudos"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps({"link": source_link}),
        "blocks": blocks,
    }


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
        message=(_field(state, MESSAGE).get("value") or "").strip(),
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
    if any(p.is_bot or p.user_id in (app_user_id, "USLACKBOT") for p in people):
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
