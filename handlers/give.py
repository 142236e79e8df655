"""Giving kudos from `/kudos @people #value message`: check, store once, then tell everyone."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.kudos_text import KudosRefusal, ParsedKudos, parse_kudos
from bot.rules import check_recipients
from handlers import delivery, kudos_blocks
from storage.kudos_repo import add_kudos
from storage.models import CompanyValue
from storage.values_repo import ensure_workspace, find_value, list_values

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    """A kudos act that this request stored."""

    value: CompanyValue


@dataclass(frozen=True)
class Refused:
    """A kudos refused, with the workspace's values to list in the answer."""

    refusal: KudosRefusal
    values: Sequence[CompanyValue] = ()


def _store(deps: Deps, command: dict[str, Any], kudos: ParsedKudos) -> Stored | Refused | None:
    team_id = command["team_id"]
    with deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=deps.clock())
        value = find_value(session=session, team_id=team_id, typed=kudos.value)
        if value is None:
            values = list_values(session=session, team_id=team_id)
            return Refused(kudos_blocks.unknown_value_refusal(kudos.value), values)
        recorded = add_kudos(
            session=session,
            team_id=team_id,
            giver_id=command["user_id"],
            receiver_ids=kudos.recipient_ids,
            value_id=value.id or 0,
            message=kudos.message,
            channel_id=command.get("channel_id"),
            request_key=command.get("trigger_id") or uuid.uuid4().hex,
            created_at=deps.clock(),
        )
    return Stored(value) if recorded.created else None


def _check(
    deps: Deps, command: dict[str, Any], client: WebClient, context: BoltContext
) -> ParsedKudos | KudosRefusal:
    parsed = parse_kudos(command.get("text", ""))
    if isinstance(parsed, KudosRefusal):
        return parsed
    people = deps.people.lookup(client, command["team_id"], parsed.recipient_ids)
    refusal = check_recipients(people, giver_id=command["user_id"], app_user_id=context.bot_user_id)
    return refusal or parsed


def _deliver(
    client: WebClient, command: dict[str, Any], kudos: ParsedKudos, value: Any
) -> list[str]:
    notes = []
    common = {"giver_id": command["user_id"], "value": value, "message": kudos.message}
    note = delivery.announce(
        client, channel_id=command["channel_id"], receiver_ids=kudos.recipient_ids, **common
    )
    if note:
        notes.append(note)
    missed = delivery.tell_recipients(
        client, receiver_ids=kudos.recipient_ids, channel_id=command.get("channel_id"), **common
    )
    if missed:
        notes.append(f"I couldn't send a direct message to {kudos_blocks.mentions(missed)}.")
    return notes


def give_kudos_from_command(
    command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext, deps: Deps
) -> None:
    """Validate, store exactly once, announce, DM the recipients and confirm to the giver."""
    checked = _check(deps, command, client, context)
    if isinstance(checked, KudosRefusal):
        respond(text=kudos_blocks.refusal_text(checked), response_type="ephemeral")
        return
    outcome = _store(deps, command, checked)
    if isinstance(outcome, Refused):
        text = kudos_blocks.refusal_text(outcome.refusal, outcome.values)
        respond(text=text, response_type="ephemeral")
        return
    if outcome is None:
        log.info("duplicate delivery of trigger %s ignored", command.get("trigger_id"))
        return
    notes = _deliver(client, command, checked, outcome.value)
    text = kudos_blocks.confirmation_text(
        receiver_ids=checked.recipient_ids, value=outcome.value, notes=notes
    )
    respond(text=text, response_type="ephemeral")
