"""Pure builder for the "Give kudos" modal (block ids shared with `bot.services.giving.form`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from bot.blocks.pieces import Block, context, escape, section
from bot.domain.kudos_text import MAX_MESSAGE_CHARS, MAX_RECIPIENTS, MIN_MESSAGE_CHARS
from bot.domain.values import NamedValue

MODAL_CALLBACK_ID = "give_kudos_modal"
RECIPIENTS, VALUE, MESSAGE = "recipients", "value", "message"
CHANNEL, PRIVATE = "channel", "private"
OPTION_TEXT_LIMIT = 75
MAX_OPTIONS = 100


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


def _privacy_element() -> dict[str, Any]:
    hint = "Only you, the people you thank and admins will see it."
    option = {
        "text": {"type": "plain_text", "text": "Keep it private"},
        "description": {"type": "plain_text", "text": hint},
        "value": PRIVATE,
    }
    return {"type": "checkboxes", "options": [option]}


def _form(
    values: Sequence[NamedValue],
    recipients: list[str],
    channel_id: str | None,
    value_slug: str | None = None,
) -> list[Block]:
    people: dict[str, Any] = {"type": "multi_users_select", "max_selected_items": MAX_RECIPIENTS}
    if recipients:
        people["initial_users"] = recipients
    options = [_value_option(v) for v in values[:MAX_OPTIONS]]
    select: dict[str, Any] = {"type": "static_select", "options": options}
    if picked := next((o for o in options if o["value"] == value_slug), None):
        select["initial_option"] = picked
    text = {"type": "plain_text_input", "multiline": True, "max_length": MAX_MESSAGE_CHARS}
    text_hint = f"What did they do? {MIN_MESSAGE_CHARS} to {MAX_MESSAGE_CHARS} characters."
    return [
        _input(RECIPIENTS, "Who made a difference?", people),
        _input(VALUE, "Which value did they show?", select),
        _input(MESSAGE, "What did they do?", text, hint={"type": "plain_text", "text": text_hint}),
        _input(CHANNEL, "Celebrate it in", _channel_element(channel_id), optional=True),
        _input(PRIVATE, "Privacy", _privacy_element(), optional=True),
    ]


def kudos_modal(
    values: Sequence[NamedValue],
    *,
    recipients: Iterable[str] = (),
    channel_id: str | None = None,
    source_link: str | None = None,
    private_metadata: str = "",
    value_slug: str | None = None,
) -> dict[str, Any]:
    """The modal: recipients, value (`value_slug` picked already), message, where to announce
    it, and "keep it private"; `private_metadata` as sealed by the caller
    (`bot.domain.metadata.seal`)."""
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": MODAL_CALLBACK_ID,
        "title": {"type": "plain_text", "text": "Give kudos"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": private_metadata,
    }
    if not values:  # a select needs options: say so instead of failing to open
        no_values = "This workspace has no values yet, so kudos can't be given. Ask an admin."
        return {**view, "blocks": [section(no_values)]}
    blocks = _form(values, list(recipients), channel_id, value_slug)
    if source_link:
        blocks.insert(0, context(f"For <{escape(source_link)}|this message>"))
    return {**view, "submit": {"type": "plain_text", "text": "Send kudos"}, "blocks": blocks}
