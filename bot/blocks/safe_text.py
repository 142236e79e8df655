"""Make user-written text safe to repost: it is shown as written but never pings a crowd."""

from __future__ import annotations

import re

# Slack's special mentions: <!channel>, <!here>, <!everyone>, <!subteam^S123|@team>, <!date^...|x>
_SPECIAL = re.compile(r"<!([^>|]*)(?:\|([^>]*))?>")


def _neutral(match: re.Match[str]) -> str:
    command, label = match.group(1), match.group(2)
    if label:
        return label
    if command.startswith("subteam^"):
        return "@group"
    return "@" + command.split("^", 1)[0]


def neutralize_broadcasts(text: str) -> str:
    """Replace special mentions (@channel, @here, @everyone, user groups) with plain text."""
    return _SPECIAL.sub(_neutral, text)


def blockquote(text: str) -> str:
    """Quote every line of a message for mrkdwn, so multi-line text stays one quote."""
    return "\n".join("> " + line if line else ">" for line in text.splitlines() or [""])
