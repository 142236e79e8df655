"""The digest and prompt messages: content, order, Slack's limits, and no pings from user text."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.blocks.digest import blocks_as_text, compose_digest, prompt_message
from bot.domain.digest import DigestAct, ValueCount, WeekKudos
from bot.domain.prompts import PROMPTS

END = datetime(2026, 11, 29, 23, tzinfo=UTC)
START = END - timedelta(days=7)
PROMPT = PROMPTS[0]


def _act(i: int, message: str = "kept the release calm") -> DigestAct:
    return DigestAct(
        giver_id=f"UG{i}",
        receiver_ids=(f"UR{i}", f"UR{i + 1}"),
        value_name="Respect",
        value_emoji=":handshake:",
        message=f"{message} #{i}",
        created_at=END - timedelta(minutes=i),
    )


def _week(acts: int, people: int = 3) -> WeekKudos:
    shown = min(acts, 40)
    return WeekKudos(
        kudos_count=acts,
        people_count=people,
        recognised=tuple((f"UR{i}", 2) for i in range(min(people, 40))),
        top_values=(ValueCount("Respect", ":handshake:", acts), ValueCount("Empathy", "", 1)),
        newest=tuple(_act(i) for i in range(shown)),
    )


def _texts(blocks: list[dict[str, object]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]  # type: ignore[index]


def test_digest_shows_count_people_values_and_kudos_newest_first() -> None:
    message = compose_digest(_week(3), start=START, end=END, tz="Europe/Berlin", prompt=PROMPT)
    blocks = message.blocks
    assert blocks[0]["type"] == "header"
    assert blocks[1]["elements"][0]["text"] == "Mon 23 Nov – Sun 29 Nov · Europe/Berlin"
    texts = _texts(blocks)
    assert texts[0] == "*3 kudos* this week, *3 people* recognised."
    assert texts[1] == "*People recognised:* <@UR0> (2), <@UR1> (2), <@UR2> (2)"
    assert texts[2] == "*Values shown most:* :handshake: *Respect* (3), *Empathy* (1)"
    assert texts[3].startswith("<@UG0> → <@UR0> and <@UR1> · :handshake: *Respect*\n>")
    assert [t.rsplit("#", 1)[1] for t in texts[3:]] == ["0", "1", "2"]
    assert "more kudos" not in blocks_as_text(blocks)
    assert message.text == "This week's difference makers: 3 kudos"


def test_500_kudos_fit_in_50_blocks_and_the_rest_is_summarised() -> None:
    week = _week(500, people=640)
    message = compose_digest(week, start=START, end=END, tz="UTC", prompt=PROMPT)
    assert len(message.blocks) <= 50
    text = blocks_as_text(message.blocks)
    assert "…and 460 more kudos this week." in text
    assert "and 600 more" in text
    assert all(len(t) <= 3000 for t in _texts(message.blocks))
    assert len(json.dumps(message.blocks)) < 40_000


def test_long_messages_are_cut_to_the_section_limit() -> None:
    week = WeekKudos(1, 1, (("UR0", 1),), (), (_act(0, "x" * 5000),))
    message = compose_digest(week, start=START, end=END, tz="UTC", prompt=PROMPT)
    assert all(len(t) <= 3000 for t in _texts(message.blocks))


def test_user_text_in_a_digest_never_pings() -> None:
    loud = _act(0, "<!channel> <!here> <!everyone> <!subteam^S1|@ops> well done")
    week = WeekKudos(1, 2, (("UR0", 1),), (), (loud,))
    message = compose_digest(week, start=START, end=END, tz="UTC", prompt=PROMPT)
    assert "<!" not in json.dumps(message.blocks)


def test_a_quiet_week_encourages_with_a_prompt() -> None:
    message = compose_digest(_week(0, 0), start=START, end=END, tz="UTC", prompt=PROMPT)
    text = blocks_as_text(message.blocks)
    assert "A quiet week" in text
    assert PROMPT.text in text
    assert "/kudos @ana" in text


def test_prompt_message_says_how_to_act_on_it() -> None:
    message = prompt_message(PROMPTS[5])
    text = blocks_as_text(message.blocks)
    assert PROMPTS[5].text in text
    assert "Thank them now: `/kudos @ana" in text
    assert len(message.blocks) <= 50
