"""Who a Slack user is (bot? deactivated? of another organisation?), asked of users.info and
cached briefly."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.recipients import Person
from bot.slack.errors import USER_GONE
from bot.slack.recent import RecentAnswers


def person_from(user_id: str, user: dict[str, Any]) -> Person:
    """The facts the rules need from a users.info `user` object."""
    return Person(
        user_id=user_id,
        is_bot=bool(user.get("is_bot")) or user_id == "USLACKBOT",
        deleted=bool(user.get("deleted")),
        is_admin=bool(user.get("is_admin")),
        is_owner=bool(user.get("is_owner")),
        tz=user.get("tz") or None,
        team_id=user.get("team_id") or None,
        enterprise_id=(user.get("enterprise_user") or {}).get("enterprise_id") or None,
        is_stranger=bool(user.get("is_stranger")),
    )


class PeopleDirectory:
    """A thread-safe, time-limited cache in front of users.info."""

    def __init__(
        self,
        *,
        ttl_seconds: float = 600.0,
        max_people: int = 20_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Remember answers for `ttl_seconds`, for at most `max_people` (oldest forgotten)."""
        self._recent: RecentAnswers[tuple[str, str], Person] = RecentAnswers(
            ttl_seconds=ttl_seconds, max_entries=max_people, monotonic=monotonic
        )

    def _fetch(self, client: WebClient, user_id: str) -> Person:
        try:
            user = client.users_info(user=user_id)["user"]
        except SlackApiError as error:
            if error.response.get("error") in USER_GONE:
                return Person(user_id=user_id, deleted=True)
            raise
        return person_from(user_id, user)

    def known(self, team_id: str, user_ids: Iterable[str]) -> list[Person]:
        """The people among these ids that a recent lookup already knows (no Web API call)."""
        found = (self._recent.get((team_id, user_id)) for user_id in user_ids)
        return [person for person in found if person is not None]

    def person(self, client: WebClient, team_id: str, user_id: str) -> Person:
        """One person (see `lookup`)."""
        return self.lookup(client, team_id, [user_id])[0]

    def fresh(self, client: WebClient, team_id: str, user_id: str) -> Person:
        """One person as Slack says now (remembered for the next `lookup`): for a permission,
        where an admin demoted a minute ago must not still pass."""
        person = self._fetch(client, user_id)
        self._recent.remember((team_id, user_id), person)
        return person

    def lookup(self, client: WebClient, team_id: str, user_ids: Iterable[str]) -> list[Person]:
        """The people behind these ids, in order."""
        people = []
        for user_id in user_ids:
            key = (team_id, user_id)
            person = self._recent.get(key)
            if person is None:
                person = self._fetch(client, user_id)
                self._recent.remember(key, person)
            people.append(person)
        return people
