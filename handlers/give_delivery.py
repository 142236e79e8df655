"""After a kudos is stored: announce it where allowed, DM the recipients, collect notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.block_kit import mentions
from handlers import delivery
from storage.models import CompanyValue

if TYPE_CHECKING:
    from handlers.give import GiveRequest


@dataclass(frozen=True)
class Stored:
    """A kudos act this request stored, who asked not to be announced, who has Home open."""

    value: CompanyValue
    quiet: frozenset[str] = frozenset()
    home_viewers: frozenset[str] = frozenset()


def _announce(client: WebClient, request: GiveRequest, stored: Stored) -> list[str]:
    if request.is_private:
        return ["It's private: only you, the people you thanked and admins can see it."]
    loud = [r for r in request.recipient_ids if r not in stored.quiet]
    notes = []
    if stored.quiet:
        notes.append("Some people asked not to be announced publicly; they were told directly.")
    if not request.channel_id or not loud:
        return notes
    note = delivery.announce(
        client,
        channel_id=request.channel_id,
        giver_id=request.giver_id,
        receiver_ids=loud,
        value=stored.value,
        message=request.message,
        source_link=request.source_link,
    )
    return [*notes, note] if note else notes


def deliver(client: WebClient, request: GiveRequest, stored: Stored) -> list[str]:
    """Announce (unless private or opted out), DM everyone thanked; notes for the giver."""
    notes = _announce(client, request, stored)
    missed = delivery.tell_recipients(
        client,
        giver_id=request.giver_id,
        receiver_ids=request.recipient_ids,
        value=stored.value,
        message=request.message,
        channel_id=request.channel_id,
        source_link=request.source_link,
        is_private=request.is_private,
    )
    if missed:
        notes.append(f"I couldn't send a direct message to {mentions(missed)}.")
    return notes
