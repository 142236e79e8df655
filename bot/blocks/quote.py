"""A kudos message as quote sections: all of it, each section within Slack's 3000 characters,
cut only where no entity (`&amp;`), token (`<@U1>`) or joined character is split, at a line end
or a space when there is one."""

from __future__ import annotations

import re
import unicodedata

from bot.blocks.pieces import SECTION_LIMIT, Block, section
from bot.blocks.safe_text import blockquote, neutralize_broadcasts

MESSAGE_BLOCK_LIMIT = 50  # Slack's most blocks in one message
_WHOLE = re.compile(r"&#?\w+;|<[^<>]*>")  # never cut inside these
_ATTACHED = frozenset({"Mn", "Me", "Cf", "Sk"})  # marks, joiners, skin tones: with what precedes
_CONTINUED = "> "
_MORE = "…"


def _cuttable(text: str, room: int) -> list[int]:
    """The positions up to `room` where `text` may be cut (the first part being text[:i])."""
    inside: set[int] = set()
    for whole in _WHOLE.finditer(text):
        if whole.start() >= room:
            break
        inside.update(range(whole.start() + 1, whole.end()))
    return [
        i
        for i in range(1, min(room, len(text) - 2) + 1)
        if i not in inside
        and unicodedata.category(text[i]) not in _ATTACHED
        and text[i - 1] != "\u200d"
    ]


def _cut(text: str, room: int) -> tuple[str, str]:
    """The first part (at most `room` characters) and the rest, quoted where it goes on."""
    cuttable = _cuttable(text, room) or [room]
    late = [i for i in cuttable if i >= room // 2] or cuttable
    for wanted in ("\n", " "):
        at = [i for i in late if text[i] == wanted]
        if at:
            rest = text[at[-1] + 1 :]
            return text[: at[-1]], rest if wanted == "\n" else _CONTINUED + rest
    return text[: late[-1]], _CONTINUED + text[late[-1] :]


def quote_texts(message: str, *, first_room: int = SECTION_LIMIT, most: int = 1) -> list[str]:
    """The message quoted, in at most `most` parts of at most 3000 characters (the first of
    `first_room`); only what `most` parts can't hold is cut, and marked with an ellipsis."""
    rest = blockquote(neutralize_broadcasts(message))
    parts: list[str] = []
    room = max(first_room, 1)
    while len(rest) > room and len(parts) < most - 1:
        part, rest = _cut(rest, room)
        parts.append(part)
        room = SECTION_LIMIT
    if len(rest) > room:
        rest = _cut(rest, room - len(_MORE))[0] + _MORE
    return [*parts, rest]


def quote_sections(message: str, *, most: int, lead: str = "") -> list[Block]:
    """The message as quote sections (at most `most`), the first led by `lead` on its own line."""
    if not lead:
        return [section(text) for text in quote_texts(message, most=most)]
    first, *more = quote_texts(message, first_room=SECTION_LIMIT - len(lead) - 1, most=most)
    return [section(f"{lead}\n{first}"), *(section(text) for text in more)]
