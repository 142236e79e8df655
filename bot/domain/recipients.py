"""Who may receive a kudos: rules applied once the recipients are known."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.refusals import KudosRefusal, RefusalCode

SELF_KUDOS = KudosRefusal(
    RefusalCode.SELF_KUDOS, "Kudos are for thanking others, so you can't give them to yourself."
)


@dataclass(frozen=True)
class Person:
    """What the rules need to know about a Slack user.

    `team_id` is their own workspace, `enterprise_id` their Enterprise Grid organisation (if
    any); `is_stranger` is Slack's word for someone of another organisation this workspace
    only meets in shared channels (Slack Connect).
    """

    user_id: str
    is_bot: bool = False
    deleted: bool = False
    is_admin: bool = False
    is_owner: bool = False
    tz: str | None = None
    team_id: str | None = None
    enterprise_id: str | None = None
    is_stranger: bool = False


@dataclass(frozen=True)
class Organisation:
    """The people a workspace's kudos are for: its own team(s), and its Enterprise Grid org."""

    team_ids: frozenset[str]
    enterprise_id: str | None = None

    def includes(self, person: Person) -> bool:
        """Whether `person` belongs here (someone whose team Slack did not say is kept)."""
        if person.is_stranger:
            return False
        if person.team_id is None or person.team_id in self.team_ids:
            return True
        return self.enterprise_id is not None and person.enterprise_id == self.enterprise_id


def organisation_of(team_id: str, giver: Person) -> Organisation:
    """The organisation of the workspace `team_id`, seen through the giver, who uses the app
    from it: the workspace, the giver's own team and the giver's Enterprise Grid org."""
    teams = {team_id} | ({giver.team_id} if giver.team_id else set())
    return Organisation(frozenset(teams), giver.enterprise_id)


def check_giver(giver: Person) -> KudosRefusal | None:
    """Kudos come from people: not from a bot (an app's reaction, a workflow naming a bot as
    the giver) nor from a deactivated account."""
    if giver.is_bot or giver.user_id == "USLACKBOT" or giver.deleted:
        return KudosRefusal(
            RefusalCode.GIVER_NOT_A_PERSON,
            f"Kudos come from people, and <@{giver.user_id}> is a bot or no longer active.",
        )
    return None


def _mentions(people: Iterable[Person]) -> str:
    return ", ".join(f"<@{p.user_id}>" for p in people)


def _strangers(people: list[Person], organisation: Organisation) -> KudosRefusal | None:
    strangers = [p for p in people if not organisation.includes(p)]
    if not strangers:
        return None
    verb = "is" if len(strangers) == 1 else "are"
    return KudosRefusal(
        RefusalCode.EXTERNAL_RECIPIENT,
        f"{_mentions(strangers)} {verb} in another organisation (Slack Connect); "
        "kudos are for people in this workspace.",
    )


def check_recipients(
    recipients: Iterable[Person],
    *,
    giver_id: str,
    app_user_id: str | None,
    organisation: Organisation | None = None,
) -> KudosRefusal | None:
    """Refuse kudos to yourself, to bots (this app included), to deactivated people and, when
    `organisation` is given, to people outside it (Slack Connect)."""
    people = list(recipients)
    if any(p.user_id == giver_id for p in people):
        return SELF_KUDOS
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
    return None if organisation is None else _strangers(people, organisation)


SLACKBOT = "USLACKBOT"


def author_to_thank(message: dict[str, object], giver_id: str) -> str | None:
    """Whom "Kudos for this message" starts the form with: the message's author, unless that is
    the giver, Slackbot, or a bot (an app's post carries `bot_id`, even our own announcements)."""
    author = message.get("user")
    if not isinstance(author, str) or author in (giver_id, SLACKBOT):
        return None
    if message.get("bot_id") or message.get("subtype") == "bot_message":
        return None
    return author
