"""Stable pseudonyms for forgotten people: HMAC of team and user with a per-install secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

PREFIX = "forgotten-"
_USER_ID = re.compile(r"^[UW][A-Z0-9]{1,31}$")


def is_user_id(text: str) -> bool:
    """True for a Slack user id such as U024BE7LH or W012A3CDE."""
    return bool(_USER_ID.match(text))


def pseudonym(secret: str, team_id: str, user_id: str) -> str:
    """The same 'forgotten-…' id for the same person in the same workspace; not reversible."""
    message = f"{team_id}\x1f{user_id}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return PREFIX + base64.b32encode(digest).decode()[:16].lower()


def replace_mentions(text: str, user_id: str, replacement: str) -> str:
    """Replace `<@U123>` and `<@U123|name>` (which carries a display name) by `<@replacement>`."""
    pattern = re.compile(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>")
    return pattern.sub(f"<@{replacement}>", text)
