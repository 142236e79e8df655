"""Pure texts about delivering a kudos: the notes in the giver's confirmation, and the notice
when a step finally could not be done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.pieces import escape, mention_users
from bot.domain.tasks import TaskRow, TaskStatus

PRIVATE_NOTE = "It's private: only you, the people you thanked and admins can see it."
QUIET_NOTE = "Some people asked not to be announced publicly; they were told directly."
SAVED = "Your kudos is saved"


def _cannot_announce(code: str) -> str:
    return (
        f"I couldn't announce it in this channel (`{escape(code)}`): invite me with "
        "`/invite @Difference Makers` to celebrate here. Your kudos is saved and "
        "everyone you thanked was told."
    )


def _announce_note(step: TaskRow, channel_id: str | None) -> str | None:
    where = f"<#{channel_id}>" if channel_id else "the channel"
    if step.status is TaskStatus.DONE:
        code = (step.outcome or {}).get("cannot")
        return _cannot_announce(code) if code else None
    if step.status is TaskStatus.FAILED:
        return f"I couldn't announce it in {where} (`{escape(step.error or 'error')}`). {SAVED}."
    return f"The announcement in {where} is not out yet (Slack is busy); I'll keep trying."


def delivery_notes(
    steps: Sequence[TaskRow], *, is_private: bool, quiet: bool, channel_id: str | None
) -> list[str]:
    """What did not go as planned, from the announcement and DM steps as they stand now."""
    notes = [PRIVATE_NOTE] if is_private else ([QUIET_NOTE] if quiet else [])
    missed, pending = [], []
    for step in steps:
        if step.kind == "announce":
            note = _announce_note(step, channel_id)
            notes += [note] if note else []
        elif (
            step.status is TaskStatus.DONE and (step.outcome or {}).get("cannot")
        ) or step.status is TaskStatus.FAILED:
            missed.append(step.payload["receiver_id"])
        elif step.status is not TaskStatus.DONE:
            pending.append(step.payload["receiver_id"])
    if missed:
        notes.append(f"I couldn't send a direct message to {mention_users(missed)}.")
    if pending:
        notes.append(
            f"My direct messages to {mention_users(pending)} are on their way (Slack is busy)."
        )
    return notes


def left_out_notes(user_ids: Sequence[str]) -> list[str]:
    """Who in the user groups mentioned was not thanked, and why ([] when everyone was)."""
    if not user_ids:
        return []
    return [
        f"Not thanked from the user groups you mentioned: {mention_users(user_ids)} (bots, "
        "deactivated people and people outside your organisation can't receive kudos)."
    ]


def final_failure_text(kind: str, payload: dict[str, Any], reason: str) -> str:
    """The notice to the giver when the announcement or a DM finally could not be sent."""
    if kind == "announce":
        what = f"announce your kudos in <#{payload['channel_id']}>"
    else:
        what = f"send your kudos to <@{payload['receiver_id']}> by direct message"
    return (
        f":warning: I tried for a while but couldn't {what} (`{escape(reason)}`). "
        f"{SAVED}: it shows on Home, in digests and in exports."
    )
