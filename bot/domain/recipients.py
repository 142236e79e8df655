"""Who may receive a kudos: rules applied once the recipients are known."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.refusals import KudosRefusal, RefusalCode


@dataclass(frozen=True)
class Person:
    """What the rules need to know about a Slack user."""

    user_id: str
    is_bot: bool = False
    deleted: bool = False
    is_admin: bool = False
    is_owner: bool = False
    tz: str | None = None


def _mentions(people: Iterable[Person]) -> str:
    return ", ".join(f"<@{p.user_id}>" for p in people)


def check_recipients(
    recipients: Iterable[Person], *, giver_id: str, app_user_id: str | None
) -> KudosRefusal | None:
    """Refuse kudos to yourself, to bots (this app included) and to deactivated people."""
    people = list(recipients)
    if any(p.user_id == giver_id for p in people):
        return KudosRefusal(
            RefusalCode.SELF_KUDOS,
            "Kudos are for thanking others, so you can't give them to yourself.",
        )
    bots = [p for p in people if p.is_bot or p.user_id in (app_user_id, "USLACKBOT")]
    if bots:
        return KudosRefusal(
            RefusalCode.BOT_RECIPIENT, f"Kudos are for people; {_mentions(bots)} is a bot."
        )
    gone = [p for p in people if p.deleted]
    if gone:
        return KudosRefusal(
            RefusalCode.INACTIVE_RECIPIENT, f"{_mentions(gone)} is no longer in this workspace."
        )
    return None
