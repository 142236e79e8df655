"""The weekly reflection prompts, as data: four principles and the questions that follow from them.

Edit or extend freely: add a `Prompt` to `PROMPTS` (its `principle` must be a key of
`PRINCIPLES`). Rotation walks the whole list, so a channel never sees the same prompt two weeks
running as long as there are at least two.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Principle:
    """One of the four principles behind the prompts."""

    key: str
    title: str
    summary: str


@dataclass(frozen=True)
class Prompt:
    """One weekly question, tied to a principle."""

    principle: str
    text: str


PRINCIPLES: dict[str, Principle] = {
    p.key: p
    for p in (
        Principle(
            "everyone",
            "Anyone can make a difference",
            "No job title is needed to improve someone's day; the work itself is the stage.",
        ),
        Principle(
            "relationships",
            "Good work travels on good relationships",
            "People do their best for the colleagues and customers they know and trust.",
        ),
        Principle(
            "value",
            "Adding value doesn't need a budget",
            "Attention, care and a bit of imagination are free, and often worth the most.",
        ),
        Principle(
            "renewal",
            "Every week is a fresh start",
            "Habits can be changed; yesterday's routine does not decide how we show up today.",
        ),
    )
}

PROMPTS: tuple[Prompt, ...] = (
    Prompt(
        "everyone",
        "Who did something this week that wasn't in their job description, but made things "
        "better for someone?",
    ),
    Prompt(
        "relationships",
        "Who took the time to really listen to a colleague or a customer this week?",
    ),
    Prompt(
        "value",
        "What small, no-cost gesture from a teammate made your week easier?",
    ),
    Prompt(
        "renewal",
        "Who tried a new way of doing an old task this week, even if it was only a small "
        "experiment?",
    ),
    Prompt(
        "everyone",
        "Think of someone whose work is usually invisible. What did they quietly keep running "
        "this week?",
    ),
    Prompt(
        "relationships",
        "Who helped a newcomer, or someone from another team, feel at home this week?",
    ),
    Prompt(
        "value",
        "Who turned an ordinary handover, reply or meeting into something people remembered?",
    ),
    Prompt(
        "renewal",
        "Who bounced back from a rough day and showed up with fresh energy?",
    ),
    Prompt(
        "everyone",
        "Who lent a hand on a problem that wasn't theirs to solve?",
    ),
    Prompt(
        "relationships",
        "Whose follow-up or check-in kept a conversation, or a customer, from slipping away?",
    ),
    Prompt(
        "value",
        "Who shared a tip, a shortcut or a bit of knowledge that saved others time?",
    ),
    Prompt(
        "renewal",
        "Who learned something new this week and passed it on?",
    ),
)


def prompt_for(channel_id: str, day: date) -> Prompt:
    """This week's prompt for a channel: consecutive weeks always get different prompts."""
    week = (day.toordinal() - 1) // 7  # weeks counted Monday to Sunday
    offset = zlib.crc32(channel_id.encode())
    return PROMPTS[(week + offset) % len(PROMPTS)]


def principle_of(prompt: Prompt) -> Principle:
    """The principle a prompt comes from."""
    return PRINCIPLES[prompt.principle]
