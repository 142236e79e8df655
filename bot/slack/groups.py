"""Who is in a user group, asked of usergroups.users.list and cached briefly."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.groups import GroupMembers, GroupState
from bot.slack.errors import GROUP_UNKNOWN, GROUPS_UNREADABLE


def fetch_members(client: WebClient, group_id: str) -> GroupMembers:
    """Ask Slack once, without `include_disabled`: a disabled group is not thanked (it lists
    no one, or is unknown). Unknown groups and a missing scope are answers; any other error is
    raised (a 429 or 5xx is a transient failure of the step, see `failures.classify`)."""
    try:
        users = client.usergroups_users_list(usergroup=group_id)["users"]
    except SlackApiError as error:
        code = error.response.get("error")
        if code in GROUP_UNKNOWN:
            return GroupMembers(group_id, state=GroupState.UNKNOWN)
        if code in GROUPS_UNREADABLE:
            return GroupMembers(group_id, state=GroupState.UNREADABLE)
        raise
    return GroupMembers(group_id, tuple(dict.fromkeys(str(u) for u in users or ())))


class UserGroups:
    """A thread-safe, time-limited cache in front of usergroups.users.list."""

    def __init__(
        self,
        *,
        ttl_seconds: float = 120.0,
        max_groups: int = 5_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Remember answers for `ttl_seconds`, for at most `max_groups` (oldest forgotten);
        shorter than people's: who is in a group changes more often than who a person is."""
        self._ttl = ttl_seconds
        self._max = max_groups
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], tuple[float, GroupMembers]] = {}

    def _cached(self, key: tuple[str, str]) -> GroupMembers | None:
        with self._lock:
            hit = self._cache.get(key)
        if hit is None or self._monotonic() - hit[0] > self._ttl:
            return None
        return hit[1]

    def _remember(self, key: tuple[str, str], group: GroupMembers) -> None:
        with self._lock:
            self._cache.pop(key, None)
            self._cache[key] = (self._monotonic(), group)
            while len(self._cache) > self._max:  # dicts keep insertion order: oldest first
                del self._cache[next(iter(self._cache))]

    def members(self, client: WebClient, team_id: str, group_id: str) -> GroupMembers:
        """The members of one group of `team_id` (an answer that an install's missing scope
        explains is not remembered: a reinstall fixes it)."""
        key = (team_id, group_id)
        group = self._cached(key)
        if group is None:
            group = fetch_members(client, group_id)
            if group.state is not GroupState.UNREADABLE:
                self._remember(key, group)
        return group
