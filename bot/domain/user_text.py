"""Text people write, kept in one form whatever the surface: mrkdwn-safe, as Slack delivers a
slash command's text (`&`, `<`, `>` escaped; its own mentions, channel links and URLs as tokens).

Each surface converts once, at its edge: the command's text is already in that form (labelled
links lose their label, so none is disguised), a form's raw text is escaped. Builders insert the
stored text as is; lengths and emptiness count what a person sees (`visible_text`).
"""

from __future__ import annotations

import re
import unicodedata

# Characters that change how text reads without being seen: zero-width spaces, direction
# marks, bidirectional overrides and isolates, the BOM, soft hyphens and other C0/C1 controls.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
# The zero-width (non-)joiner is part of the text between two visible characters (🧑‍💻, the
# Persian می‌خواهم); a run of them, one at an edge or between ASCII letters only hides things.
_JOINERS = re.compile("[\u200c\u200d]+")
# What draws nothing: format characters (joiners, tags), controls, combining and enclosing marks
# (variation selectors among them), and the letters and symbols that are blank by design.
_BLANK_CATEGORIES = frozenset({"Cf", "Cc", "Mn", "Me"})
_BLANK_GLYPHS = re.compile("[\u115f\u1160\u2800\u3164\uffa0\ufe00-\ufe0f\U000e0000-\U000e0fff]")
_LABELLED_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)\|[^>]*>")
_TOKEN = re.compile(r"<([@#!]?)([^|>]*)(?:\|([^>]*))?>")
ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))  # undone in this order, `&amp;` last


def escape_mrkdwn(text: str) -> str:
    """Escape `&`, `<` and `>`, so Slack shows the text as written: no link, mention or ping."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _joiner(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    before, after = text[start - 1 : start], text[end : end + 1]
    if not before.strip() or not after.strip() or (before + after).isascii():
        return ""
    return match.group()[0]


def strip_invisible(text: str) -> str:
    """Drop the invisible characters that change how text reads, keeping one joiner between
    visible characters (emoji, scripts need it); line ends become `\\n`."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _JOINERS.sub(_joiner, text)


def from_slash(text: str) -> str:
    """A slash command's text in the stored form: invisible characters out, link labels out."""
    return _LABELLED_LINK.sub(r"<\1>", strip_invisible(text)).strip()


def from_form(raw: str) -> str:
    """What someone typed into a form (Slack sends it raw), in the stored form."""
    return escape_mrkdwn(strip_invisible(raw).strip())


def _shown(match: re.Match[str]) -> str:
    sigil, target, label = match.groups()
    if label:
        return label if sigil == "!" or label.startswith(("@", "#")) else sigil + label
    if sigil == "!":
        return "@" + target.split("^", 1)[0]
    return sigil + target


def visible_text(stored: str) -> str:
    """The stored text as a person reads it: tokens as their labels, entities unescaped."""
    return as_typed(_TOKEN.sub(_shown, stored))


def as_typed(stored: str) -> str:
    """The stored text with Slack's escaping undone, its tokens (`<@U123>`) kept: for exports."""
    for entity, char in ENTITIES:
        stored = stored.replace(entity, char)
    return stored


def _draws_nothing(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) in _BLANK_CATEGORIES


_ZWJ = "\u200d"


def _joins_the_one_before(char: str, before: str, pairs_open: bool) -> bool:
    """Whether `char` draws as part of the character before it: a skin tone, what a zero-width
    joiner glues on (🧑‍💻 is one), the second letter of a flag (🇫🇷 is two regional letters)."""
    if "\U0001f3fb" <= char <= "\U0001f3ff":
        return True
    return before == _ZWJ or (pairs_open and "\U0001f1e6" <= char <= "\U0001f1ff")


def visible_length(stored: str) -> int:
    """How many characters a person sees: blank ones (U+FE0F, U+3164, tags...) count for
    nothing, nor do leading and trailing spaces, and an emoji made of several code points
    (skin tones, joined emoji, flags) counts once."""
    seen = _BLANK_GLYPHS.sub("", visible_text(stored)).strip()
    count, before, flag_open = 0, "", False
    for char in seen:
        regional = "\U0001f1e6" <= char <= "\U0001f1ff"
        if not _draws_nothing(char) and not _joins_the_one_before(char, before, flag_open):
            count += 1
        flag_open = regional and not flag_open
        before = char
    return count


def echo(stored: str, limit: int = 60) -> str:
    """A word someone typed (stored form), to quote back in mrkdwn: as they see it, cut to
    `limit` characters, and escaped, so it never links, mentions or pings."""
    seen = visible_text(stored)
    if len(seen) > limit:
        seen = seen[: limit - 1] + "…"
    return escape_mrkdwn(seen)
