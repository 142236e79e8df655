"""Slack Web API error codes the app expects and answers, shared by handlers and jobs."""

from __future__ import annotations

USER_GONE = frozenset({"user_not_found", "user_not_visible"})
CANNOT_DM = frozenset({"user_not_found", "user_disabled", "cannot_dm_bot", "channel_not_found"})
CHANNEL_UNREACHABLE = frozenset({"channel_not_found", "not_in_channel", "is_archived"})
GROUP_UNKNOWN = frozenset({"no_such_subteam", "plan_upgrade_required"})
GROUPS_UNREADABLE = frozenset({"missing_scope", "not_allowed_token_type"})
