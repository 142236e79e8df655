"""Who is in a user group, asked of usergroups.users.list and cached briefly."""

from __future__ import annotations

import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.groups import GroupMembers, GroupState
from bot.slack.errors import GROUP_UNKNOWN, GROUPS_UNREADABLE
from bot.slack.recent import RecentAnswers


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
        self._recent: RecentAnswers[tuple[str, str], GroupMembers] = RecentAnswers(
            ttl_seconds=ttl_seconds, max_entries=max_groups, monotonic=monotonic
        )

    def members(self, client: WebClient, team_id: str, group_id: str) -> GroupMembers:
        """The members of one group of `team_id` (an answer that an install's missing scope
        explains is not remembered: a reinstall fixes it)."""
        key = (team_id, group_id)
        group = self._recent.get(key)
        if group is None:
            group = fetch_members(client, group_id)
            if group.state is not GroupState.UNREADABLE:
                self._recent.remember(key, group)
        return group
