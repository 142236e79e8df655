"""Block Kit builders are pure: limits, escaping and no broadcast pings, tested without Slack."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.blocks import kudos as kudos_blocks
from bot.blocks import pieces as block_kit
from bot.blocks.home import HOME_BLOCK_LIMIT, HomeData, home_view
from bot.domain.kudos import KudosRecord
from bot.domain.kudos_text import EXAMPLE
from bot.domain.leaderboard import Standing
from bot.domain.refusals import KudosRefusal, RefusalCode
from bot.domain.values import DEFAULT_VALUES, ValueSpec

VALUE = DEFAULT_VALUES[0]


def test_sections_never_exceed_3000_characters() -> None:
    block = block_kit.section("x" * 5000)
    assert len(block["text"]["text"]) == 3000


def test_announcement_for_the_longest_kudos_fits() -> None:
    blocks = kudos_blocks.announcement_blocks(
        giver_id="UG",
        receiver_ids=[f"U{i:09}" for i in range(20)],
        value=VALUE,
        message="\n".join(["<!channel>"] * 100),
    )
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)
    assert "<!" not in json.dumps(blocks)


def test_admin_written_value_names_are_escaped() -> None:
    value = ValueSpec("x", "<!here> & co", "", "")
    text = kudos_blocks.announcement_fallback(giver_id="UG", receiver_ids=["UA"], value=value)
    assert "<!here>" not in text
    assert "&lt;!here&gt; &amp; co" in text


def test_mentions_read_naturally() -> None:
    assert block_kit.mention_users(["A"]) == "<@A>"
    assert block_kit.mention_users(["A", "B"]) == "<@A> and <@B>"
    assert block_kit.mention_users(["A", "B", "C"]) == "<@A>, <@B> and <@C>"


def test_unknown_value_refusal_lists_the_values_and_the_right_form() -> None:
    refusal = kudos_blocks.unknown_value_refusal("teamwork")
    text = kudos_blocks.refusal_text(refusal, DEFAULT_VALUES)
    assert "`#teamwork`" in text
    assert all(f"`#{v.slug}`" in text for v in DEFAULT_VALUES)
    assert "Nothing was saved" in text


def test_refusal_without_values_still_shows_the_right_form() -> None:
    text = kudos_blocks.refusal_text(KudosRefusal(RefusalCode.NO_RECIPIENT, "Mention someone."))
    assert text.startswith(":warning: Mention someone.")
    assert EXAMPLE in text


def test_dm_links_the_channel_only_for_channels() -> None:
    in_channel = json.dumps(
        kudos_blocks.direct_blocks(giver_id="UG", value=VALUE, message="m" * 20, channel_id="C1")
    )
    in_dm = json.dumps(
        kudos_blocks.direct_blocks(giver_id="UG", value=VALUE, message="m" * 20, channel_id="D1")
    )
    assert "<#C1>" in in_channel
    assert "<#D1>" not in in_dm


def test_home_view_stays_within_100_blocks() -> None:
    record = KudosRecord(
        1,
        "a",
        "T",
        "UG",
        "UA",
        "respect",
        "Respect",
        ":handshake:",
        "thanks <!everyone>",
        "C1",
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    standings = [Standing(i, f"U{i}", 3, 2, record.created_at) for i in range(1, 11)]
    data = HomeData(
        values=DEFAULT_VALUES * 20,
        received=[replace(record, act_id=str(i)) for i in range(80)],
        given=[replace(record, act_id=str(i)) for i in range(80)],
        per_value=[(DEFAULT_VALUES[0], 3)] * 50,
        quarter_label="Q1 2026",
        totals=(80, 80, 1),
        standings=standings,
        week_label="the week of 29 Dec 2025",
    )
    view = home_view(data)
    assert view["type"] == "home"
    assert len(view["blocks"]) <= HOME_BLOCK_LIMIT
    assert "<!everyone>" not in json.dumps(view)
    for block in view["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def _home_with_values(values: list[ValueSpec]) -> dict[str, Any]:
    return home_view(
        HomeData(
            values=values,
            received=[],
            given=[],
            per_value=[],
            quarter_label="Q1 2026",
            totals=(0, 0, 0),
            standings=[],
            week_label="the week of 29 Dec 2025",
        )
    )


def test_home_lists_every_value_over_several_sections_never_cutting_one() -> None:
    long = [
        replace(DEFAULT_VALUES[0], slug=f"value-{i}", description="&amp;" * 60 + "x" * 240)
        for i in range(10)
    ]
    view = _home_with_values(long)
    text = json.dumps(view)
    assert all(f"#value-{i}" in text for i in range(10))
    sections = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    assert all(len(s) <= 3000 and not s.endswith("…") for s in sections)


def test_home_says_how_many_values_more_when_they_are_too_many() -> None:
    many = [replace(DEFAULT_VALUES[0], slug=f"v-{i}", description="y" * 300) for i in range(60)]
    view = _home_with_values(many)
    assert len(view["blocks"]) <= HOME_BLOCK_LIMIT
    assert "more: `/kudos values` lists them all." in json.dumps(view)
