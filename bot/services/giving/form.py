"""Read a submitted "Give kudos" modal and validate it inline, with the command's rules.

A state shaped otherwise than the form writes it is `MalformedFormError`; the message link comes
only from the form's sealed private metadata, and only when it is a permalink of the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks.modal import CHANNEL, MESSAGE, PRIVATE, RECIPIENTS, VALUE
from bot.domain.kudos_text import MAX_RECIPIENTS, check_message
from bot.domain.metadata import is_permalink_of, unseal
from bot.domain.payload import dict_at, slack_id, slack_ids
from bot.domain.recipients import Person
from bot.domain.user_text import from_form


class MalformedFormError(ValueError):
    """A submitted view whose state is not shaped the way the form writes it."""


@dataclass(frozen=True)
class ModalInput:
    """What the giver filled in."""

    recipient_ids: tuple[str, ...]
    value: str | None
    message: str
    channel_id: str | None
    is_private: bool


def _field(state: dict[str, Any], block_id: str) -> dict[str, Any]:
    """One input's state ({} when it was left out); MalformedFormError when not an object."""
    block = state.get(block_id)
    element = block.get(block_id) if isinstance(block, dict) else block
    if element is None:
        return {}
    if not isinstance(element, dict):
        raise MalformedFormError(f"state.values.{block_id} is not an object of objects")
    return element


def _get(state: dict[str, Any], block_id: str, key: str, kind: type) -> Any:
    """The `key` of one input's state: None, or of type `kind` (else MalformedFormError)."""
    value = _field(state, block_id).get(key)
    if value is not None and not isinstance(value, kind):
        raise MalformedFormError(f"state.values.{block_id}.{key} is not a {kind.__name__}")
    return value


def _checked(state: dict[str, Any], block_id: str) -> set[str]:
    options = _get(state, block_id, "selected_options", list) or []
    if not all(isinstance(o, dict) for o in options):
        raise MalformedFormError(f"state.values.{block_id}.selected_options: not all objects")
    return {value for o in options if isinstance(value := o.get("value"), str)}


def _one(value: object, what: str) -> str | None:
    if value is not None and slack_id(value) is None:
        raise MalformedFormError(f"state.values.{what} is not a Slack id")
    return slack_id(value)


def read_submission(view: dict[str, Any]) -> ModalInput:
    """Read the submitted view's state: missing or empty fields become empty values, fields
    of the wrong shape raise MalformedFormError (naming the field)."""
    state = dict_at(view, "state", "values")
    if state is None:
        raise MalformedFormError("view.state.values is not an object")
    users = _get(state, RECIPIENTS, "selected_users", list) or []
    recipient_ids = slack_ids(users)
    if recipient_ids is None:
        raise MalformedFormError(f"state.values.{RECIPIENTS}.selected_users is not a list of ids")
    option = _get(state, VALUE, "selected_option", dict) or {}
    value = option.get("value")
    if value is not None and not isinstance(value, str):
        raise MalformedFormError(f"state.values.{VALUE}.selected_option.value is not a str")
    return ModalInput(
        recipient_ids=recipient_ids,
        value=value or None,
        message=from_form(_get(state, MESSAGE, "value", str) or ""),
        channel_id=_one(_get(state, CHANNEL, "selected_conversation", str), CHANNEL),
        is_private=PRIVATE in _checked(state, PRIVATE),
    )


def form_link(view: dict[str, Any], *, key: bytes, domain: str | None) -> tuple[str | None, str]:
    """The message the form was opened for, as a checked permalink (or None), and why a link
    was dropped ("" when none was)."""
    sealed = unseal(key, view.get("private_metadata"))
    if sealed is None:
        return None, "private_metadata is not what the app wrote"
    link = sealed.get("link")
    if link is None:
        return None, ""
    if not is_permalink_of(link, domain):
        return None, "the link in private_metadata is not a message permalink of the workspace"
    return link, ""


def form_edit_key(view: dict[str, Any], *, key: bytes) -> str | None:
    """The reaction kudos whose words this form adds (its request key), if it is for one."""
    sealed = unseal(key, view.get("private_metadata"))
    return None if sealed is None else sealed.get("edit")


def _recipient_error(
    given: ModalInput, giver_id: str, people: Sequence[Person], app_user_id: str | None
) -> str | None:
    """The first rule the picked people break, with the people already known (strangers of
    another team, and anyone not yet known, are checked after the ack)."""
    picked = given.recipient_ids
    rules = [
        (not picked, "Pick at least one person to thank."),
        (len(picked) > MAX_RECIPIENTS, f"One kudos can thank at most {MAX_RECIPIENTS} people."),
        (giver_id in picked, "Kudos are for thanking others, so you can't give them to yourself."),
        (
            any(u in (app_user_id, "USLACKBOT") for u in picked) or any(p.is_bot for p in people),
            "Kudos are for people: remove the bots you picked.",
        ),
        (any(p.deleted for p in people), "Someone you picked is no longer in this workspace."),
        (
            any(p.is_stranger for p in people),
            "Someone you picked is in another organisation (Slack Connect): kudos are for "
            "people in this workspace.",
        ),
    ]
    return next((message for broken, message in rules if broken), None)


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
