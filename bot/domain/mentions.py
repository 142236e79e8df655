"""Read user mentions out of escaped Slack text."""

from __future__ import annotations

import re

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def mentioned_user_ids(text: str) -> tuple[str, ...]:
    """The users mentioned as <@U123> or <@U123|name>, in order, without repeats."""
    return tuple(dict.fromkeys(_USER.findall(text)))
