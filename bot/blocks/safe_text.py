"""Make user-written text safe to repost: it is shown as written but never pings a crowd."""

from __future__ import annotations

import re

# Slack's special mentions: <!channel>, <!here>, <!everyone>, <!subteam^S123|@team>, <!date^...|x>
_SPECIAL = re.compile(r"<!([^>|]*)(?:\|([^>]*))?>")


# After the "@" of a neutralised mention: invisible, but no parser reads "@channel" or a group's
# "@handle" as a mention any more (mrkdwn without `verbatim` parses "certain mentions").
WORD_JOINER = "\u2060"


def _neutral(match: re.Match[str]) -> str:
    command, label = match.group(1), match.group(2)
    if label:
        shown = label
    elif command.startswith("subteam^"):
        shown = "@group"
    else:
        shown = "@" + command.split("^", 1)[0]
    return "@" + WORD_JOINER + shown[1:] if shown.startswith("@") else shown


# "@here" written out as text (a form sends what was typed, not Slack's <!here>)
_PLAIN_BROADCAST = re.compile(r"(?<![\w@])@(?=(?:here|channel|everyone)\b)", re.IGNORECASE)


def neutralize_broadcasts(text: str) -> str:
    """Replace special mentions (@channel, @here, @everyone, user groups) with plain text, and
    put a word joiner into one written out (`@here`), so that neither can ping anyone."""
    return _PLAIN_BROADCAST.sub("@" + WORD_JOINER, _SPECIAL.sub(_neutral, text))


def blockquote(text: str) -> str:
    """Quote every line of a message for mrkdwn, so multi-line text stays one quote."""
    return "\n".join("> " + line if line else ">" for line in text.splitlines() or [""])
