"""Pure builders for the weekly digest and the weekly prompt, always within Slack's limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.blocks.pieces import Block, context, escape, mention_users, section
from bot.blocks.safe_text import blockquote, neutralize_broadcasts
from bot.domain.digest import DigestAct, WeekKudos
from bot.domain.kudos_text import EXAMPLE
from bot.domain.prompts import Prompt, principle_of

MESSAGE_BLOCK_LIMIT = 50
HEADER_LIMIT = 150
SHOWN_ACTS = 40
SHOWN_PEOPLE = 40


@dataclass(frozen=True)
class Message:
    """A message to post: blocks, and the notification / fallback text."""

    text: str
    blocks: list[Block]


def header(text: str) -> Block:
    """A header block (plain text, at most 150 characters)."""
    return {"type": "header", "text": {"type": "plain_text", "text": text[:HEADER_LIMIT]}}


def _range(start: datetime, end: datetime, tz: str) -> str:
    zone = ZoneInfo(tz)
    first, last = start.astimezone(zone), (end - timedelta(seconds=1)).astimezone(zone)
    return f"{first:%a} {first.day} {first:%b} – {last:%a} {last.day} {last:%b} · {tz}"


def _people_count(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _people(week: WeekKudos) -> str:
    shown = ", ".join(f"<@{user}> ({count})" for user, count in week.recognised)
    more = week.people_count - len(week.recognised)
    return f"*People recognised:* {shown}" + (f" and {more} more" if more > 0 else "")


def _values(week: WeekKudos) -> str:
    shown = ", ".join(
        f"{escape(v.emoji) + ' ' if v.emoji else ''}*{escape(v.name)}* ({v.count})"
        for v in week.top_values
    )
    return f"*Values shown most:* {shown}"


def _act_block(act: DigestAct) -> Block:
    value = f"{escape(act.value_emoji) + ' ' if act.value_emoji else ''}*{escape(act.value_name)}*"
    line = f"<@{act.giver_id}> → {mention_users(act.receiver_ids)} · {value}"
    return section(line + "\n" + blockquote(neutralize_broadcasts(act.message)))


def compose_digest(
    week: WeekKudos, *, start: datetime, end: datetime, tz: str, prompt: Prompt
) -> Message:
    """The digest for [start, end); a quiet week gets an encouraging note and a prompt instead."""
    if week.kudos_count == 0:
        return quiet_week(start=start, end=end, tz=tz, prompt=prompt)
    blocks: list[Block] = [
        header(":trophy: This week's difference makers"),
        context(_range(start, end, tz)),
        section(
            f"*{week.kudos_count} kudos* this week, "
            f"*{_people_count(week.people_count)}* recognised."
        ),
        section(_people(week)),
        section(_values(week)),
        {"type": "divider"},
    ]
    room = MESSAGE_BLOCK_LIMIT - len(blocks) - 2
    acts = list(week.newest)[:room]
    blocks += [_act_block(act) for act in acts]
    more = week.kudos_count - len(acts)
    if more > 0:
        blocks.append(context(f"…and {more} more kudos this week."))
    blocks.append(context(f"Someone made a difference? Say so: `{EXAMPLE}`"))
    text = f"This week's difference makers: {week.kudos_count} kudos"
    return Message(text=text, blocks=blocks[:MESSAGE_BLOCK_LIMIT])


def quiet_week(*, start: datetime, end: datetime, tz: str, prompt: Prompt) -> Message:
    """A short, encouraging note for a week without kudos, with a prompt to act on."""
    blocks = [
        header(":seedling: A quiet week for kudos"),
        context(_range(start, end, tz)),
        section(
            "Nobody was thanked here last week, but someone surely made a difference. "
            "Here's something to think about:"
        ),
        *_prompt_body(prompt),
    ]
    return Message(text="A quiet week for kudos: who made a difference?", blocks=blocks)


def _prompt_body(prompt: Prompt) -> list[Block]:
    principle = principle_of(prompt)
    return [
        section(f"*{escape(principle.title)}*\n{escape(prompt.text)}"),
        context(f"Thank them now: `{EXAMPLE}`  ·  `/kudos values` lists the values."),
    ]


def prompt_message(prompt: Prompt) -> Message:
    """The weekly reflection prompt, with how to give kudos right away."""
    blocks = [header(":thought_balloon: This week's reflection"), *_prompt_body(prompt)]
    return Message(text=f"This week's reflection: {prompt.text}", blocks=blocks)


def _block_text(block: Block) -> str:
    if block["type"] == "divider":
        return "---"
    if block["type"] == "context":
        return " ".join(element.get("text", "") for element in block["elements"])
    return str(block["text"]["text"])


def blocks_as_text(blocks: Sequence[Block]) -> str:
    """A readable plain-text form of blocks, for `--dry-run` and logs."""
    return "\n".join(_block_text(block) for block in blocks)
