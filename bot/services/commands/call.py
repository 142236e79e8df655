"""What a `/kudos <subcommand>` handler receives, and how it answers privately."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.recipients import Person


@dataclass(frozen=True)
class SlashCall:
    """One `/kudos <word> <args>` invocation, after the ack."""

    command: dict[str, Any]
    args: str
    respond: Callable[[str], None]
    client: WebClient
    deps: Deps

    @property
    def team_id(self) -> str:
        """The workspace it came from."""
        return str(self.command["team_id"])

    @property
    def user_id(self) -> str:
        """Who ran it."""
        return str(self.command["user_id"])

    def caller(self) -> Person:
        """The person who ran it (time zone, flags), from users.info or a recent answer."""
        return self.deps.people.person(self.client, self.team_id, self.user_id)

    def caller_now(self) -> Person:
        """The person who ran it as Slack says now, not as remembered: for a permission check,
        so an admin demoted minutes ago no longer passes."""
        return self.deps.people.fresh(self.client, self.team_id, self.user_id)

    def reply(self, text: str) -> None:
        """Answer privately (only the caller sees it)."""
        self.respond(text)


Subcommand = Callable[[SlashCall], None]
