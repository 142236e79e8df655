"""A kudos message is shown whole: quote sections within Slack's limits, never cut mid-entity."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.blocks import kudos as kudos_blocks
from bot.blocks.home import HOME_BLOCK_LIMIT, SHOWN_PER_LIST, HomeData, home_view
from bot.blocks.quote import MESSAGE_BLOCK_LIMIT, quote_texts
from bot.blocks.safe_text import neutralize_broadcasts
from bot.domain.kudos import KudosRecord
from bot.domain.values import DEFAULT_VALUES

VALUE = DEFAULT_VALUES[0]
CODER = "\U0001f9d1\u200d\U0001f4bb"
# Accepted messages (1000 characters seen) whose stored form is far longer than a section.
LONG = [
    pytest.param("&amp;" * 1000, id="ampersands"),
    pytest.param("Q&amp;A " * 250, id="words-with-entities"),
    pytest.param("&lt;b&gt;" * 333, id="brackets"),
    pytest.param("\n".join(["&amp;" * 9] * 100), id="many-lines"),
    pytest.param(" ".join(["<@U0123456789|ana>"] * 250), id="mentions"),
    pytest.param("<!subteam^S0123456789|@a>" * 500, id="user-groups"),
    pytest.param(CODER * 1000, id="joined-emoji"),
    pytest.param("x" * 999 + "&amp;" * 600, id="one-long-word"),
]
_ENTITY_OR_TOKEN = re.compile(r"&(?:amp|lt|gt);|<[^<>]*>")


def _quotes(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"][1:]


def _assert_whole_and_safe(parts: list[str], message: str) -> None:
    assert all(len(part) <= 3000 for part in parts)
    unquoted = [re.sub(r"(^|\n)> ?", r"\1", part) for part in parts]
    assert all(part.startswith(">") for part in parts)
    assert not any(re.search("[&<>]", _ENTITY_OR_TOKEN.sub("", text)) for text in unquoted)
    assert not any(text.endswith("\u200d") or text.startswith("\u200d") for text in unquoted)
    assert re.sub(r"\s", "", "".join(unquoted)) == re.sub(r"\s", "", neutralize_broadcasts(message))


@pytest.mark.parametrize("message", LONG)
def test_the_announcement_shows_the_whole_message(message: str) -> None:
    blocks = kudos_blocks.announcement_blocks(
        giver_id="UG", receiver_ids=[f"U{i:09}" for i in range(20)], value=VALUE, message=message
    )
    assert len(blocks) <= MESSAGE_BLOCK_LIMIT
    assert blocks[-1]["type"] == "context"
    _assert_whole_and_safe(_quotes(blocks), message)


@pytest.mark.parametrize("message", LONG)
def test_the_dm_shows_the_whole_message(message: str) -> None:
    blocks = kudos_blocks.direct_blocks(giver_id="UG", value=VALUE, message=message, channel_id="C")
    assert len(blocks) <= MESSAGE_BLOCK_LIMIT
    _assert_whole_and_safe(_quotes(blocks), message)


@pytest.mark.parametrize(
    ("message", "first"),
    [
        pytest.param("word " * 700, "> " + "word " * 598 + "word", id="at-a-space"),
        pytest.param("&amp;" * 700, "> " + "&amp;" * 599, id="between-entities"),
        pytest.param("a\n" * 1400, "\n".join(["> a"] * 750), id="at-a-line-end"),
    ],
)
def test_a_long_message_is_cut_where_it_reads_well(message: str, first: str) -> None:
    parts = quote_texts(message.strip(), most=5)
    assert parts[0] == first
    assert len(parts) == 2


def test_a_short_message_is_one_section() -> None:
    assert quote_texts("thanks for staying late", most=5) == ["> thanks for staying late"]


def test_what_the_most_sections_cannot_hold_ends_in_an_ellipsis() -> None:
    parts = quote_texts("&amp;" * 2000, most=2)
    assert len(parts) == 2
    assert parts[-1].endswith("&amp;…")
    assert all(len(part) <= 3000 for part in parts)


def test_home_shows_long_messages_within_100_blocks() -> None:
    record = KudosRecord(
        1, "a", "T", "UG", "UA", "respect", "Respect", ":handshake:", "&amp;" * 1000, "C1",
        datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    data = HomeData(
        values=DEFAULT_VALUES,
        received=[replace(record, act_id=str(i)) for i in range(10)],
        given=[replace(record, act_id=str(i)) for i in range(10)],
        per_value=[],
        quarter_label="Q1 2026",
        totals=(10, 10, 1),
        standings=[],
        week_label="the week of 29 Dec 2025",
    )
    blocks = home_view(data)["blocks"]
    assert len(blocks) <= HOME_BLOCK_LIMIT
    assert blocks[-1]["type"] == "context"  # nothing cut off the end
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert all(len(text) <= 3000 for text in texts)
    assert sum(text.count("&amp;") for text in texts) == 2 * SHOWN_PER_LIST * 1000
