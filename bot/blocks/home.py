"""Pure builder for the App Home tab (kept within Slack's 100 blocks)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks.kudos import values_text
from bot.blocks.pieces import SECTION_LIMIT, Block, context, escape, mention_users, section
from bot.blocks.quote import quote_sections
from bot.blocks.stats import leaderboard_text, per_value_text, totals_text
from bot.domain.kudos import KudosRecord
from bot.domain.leaderboard import Standing

HOME_BLOCK_LIMIT = 100
HOME_GIVE_ACTION = "home_give_kudos"
HOME_PREFERENCES_ACTION = "home_preferences"
NO_PUBLIC_ANNOUNCE, OFF_LEADERBOARDS = "no_public_announce", "off_leaderboards"
SHOWN_PER_LIST = 5
VALUE_SECTIONS = 4  # the values' list takes up to this many sections
# Each kudos shown: its quote sections and a date; with the 11 other blocks and the values'
# sections, all fit in 100.
QUOTE_SECTIONS = (HOME_BLOCK_LIMIT - 11 - VALUE_SECTIONS) // (2 * SHOWN_PER_LIST) - 1


@dataclass(frozen=True)
class HomeData:
    """Everything the Home tab shows for one person."""

    values: Sequence[Any]
    received: Sequence[KudosRecord]
    given: Sequence[KudosRecord]
    per_value: Sequence[tuple[Any, int]]
    quarter_label: str
    totals: tuple[int, int, int]
    standings: Sequence[Standing]
    week_label: str
    no_public_announce: bool = False
    off_leaderboards: bool = False


def _stamp(item: KudosRecord) -> str:
    fallback = f"{item.created_at:%Y-%m-%d}"
    return f"<!date^{int(item.created_at.timestamp())}^{{date_short}}|{fallback}>"


def _kudos_list(kudos: Sequence[KudosRecord], *, given: bool, empty: str) -> list[Block]:
    acts: dict[str, list[KudosRecord]] = {}
    for item in kudos:
        acts.setdefault(item.act_id, []).append(item)
    blocks = []
    for rows in list(acts.values())[:SHOWN_PER_LIST]:
        item = rows[0]
        who = mention_users([r.receiver_id for r in rows]) if given else f"<@{item.giver_id}>"
        line = f"{who} for {escape(item.value_emoji)} *{escape(item.value_name)}*"
        blocks.extend(quote_sections(item.message, most=QUOTE_SECTIONS, lead=line))
        blocks.append(context(_stamp(item)))
    return blocks or [section(empty)]


def _values_sections(values: Sequence[Any]) -> list[Block]:
    """Every value, a line each, over up to VALUE_SECTIONS sections (never a line cut); past
    that, how many more there are and where to see them all."""
    lines = values_text(values).split("\n")
    chunks: list[list[str]] = [[]]
    for line in lines:
        if len(chunks[-1]) and len("\n".join([*chunks[-1], line])) > SECTION_LIMIT - 80:
            chunks.append([])
        chunks[-1].append(line)
    if len(chunks) > VALUE_SECTIONS:
        shown = chunks[:VALUE_SECTIONS]
        left = len(lines) - sum(len(chunk) for chunk in shown)
        shown[-1].append(f"…and {left} more: `/kudos values` lists them all.")
        chunks = shown
    return [section("\n".join(chunk)) for chunk in chunks]


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def _option(value: str, text: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def _preferences(data: HomeData) -> Block:
    options = [
        _option(NO_PUBLIC_ANNOUNCE, "Don't announce kudos I receive in channels"),
        _option(OFF_LEADERBOARDS, "Leave me off leaderboards"),
    ]
    flags = (data.no_public_announce, data.off_leaderboards)
    chosen = [option for option, on in zip(options, flags, strict=True) if on]
    element: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": HOME_PREFERENCES_ACTION,
        "options": options,
    }
    if chosen:
        element["initial_options"] = chosen
    return {"type": "actions", "block_id": "preferences", "elements": [element]}


def home_view(data: HomeData) -> dict[str, Any]:
    """The Home tab: give kudos, your kudos and stats, the week's leaderboard, values, settings."""
    button = {
        "type": "button",
        "action_id": HOME_GIVE_ACTION,
        "style": "primary",
        "text": {"type": "plain_text", "text": "Give kudos"},
    }
    blocks: list[Block] = [
        _header("Difference Makers"),
        {"type": "actions", "block_id": "give", "elements": [button]},
        section(
            totals_text(*data.totals) + "\n" + per_value_text(data.per_value, data.quarter_label)
        ),
        _header("Kudos you received"),
        *_kudos_list(data.received, given=False, empty="No kudos yet. They'll show up here."),
        _header("Kudos you gave"),
        *_kudos_list(data.given, given=True, empty="You haven't given kudos yet."),
        _header("This week's leaderboard"),
        section(leaderboard_text(data.standings, data.week_label)),
        _header("Our values"),
        *_values_sections(data.values),
        _header("Your settings"),
        _preferences(data),
        context("Private kudos are seen only by the giver, the people thanked and admins."),
    ]
    return {"type": "home", "blocks": blocks[:HOME_BLOCK_LIMIT]}
