"""What the "Give kudos" workflow step answers Slack: its error as plain text (Slack shows it as
typed), made from the very refusal texts `/kudos` answers with."""

from __future__ import annotations

import re

from bot.domain.kudos_text import EXAMPLE

_EMOJI_PREFIX = re.compile(r"^:[a-z0-9_+-]+: ", re.MULTILINE)
_SPECIAL = re.compile(r"<!([a-z]+)[^<>|]*(?:\|([^<>]*))?>")  # <!date^…|fallback>, <!here>
_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>")
_REFERENCE = re.compile(r"<([@#])([A-Z][A-Z0-9]+)(?:\|[^<>]*)?>")
_MARKUP = re.compile(r"[`*_~]")
MAX_ERROR_CHARS = 2000  # Slack shows the error to the person who runs the workflow


def plain_error(mrkdwn: str) -> str:
    """A refusal or notice written for Slack's mrkdwn, as plain text for a step's error: no
    leading emoji, mentions as @U…/#C…, dates as their fallback, links as "label (url)", no
    formatting marks, no
    suggestion to type `/kudos`."""
    text = mrkdwn.replace(f" Try: `{EXAMPLE}`", "")
    text = _EMOJI_PREFIX.sub("", text)
    text = _REFERENCE.sub(r"\1\2", text)
    text = _SPECIAL.sub(lambda m: m.group(2) or f"@{m.group(1)}", text)
    text = _LINK.sub(r"\2 (\1)", text)
    text = _MARKUP.sub("", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return text.strip()[:MAX_ERROR_CHARS]
