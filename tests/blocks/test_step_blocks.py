"""A workflow step's error: the command's refusal texts, as plain text."""

from __future__ import annotations

from bot.blocks.kudos import refusal_text, unknown_value_refusal
from bot.blocks.step import MAX_ERROR_CHARS, plain_error
from bot.domain.recipients import Person, check_recipients
from bot.domain.values import DEFAULT_VALUES


def test_a_refusal_loses_its_emoji_markup_and_slash_command_hint() -> None:
    refusal = check_recipients([Person("UBOT9", is_bot=True)], giver_id="U1", app_user_id=None)
    assert refusal is not None
    assert plain_error(refusal_text(refusal)) == (
        "Kudos are for people; @UBOT9 is a bot.\nNothing was saved."
    )


def test_an_unknown_value_lists_the_values_plainly() -> None:
    text = plain_error(refusal_text(unknown_value_refusal("wow!"), DEFAULT_VALUES))
    assert text.startswith("I don't know the value #wow!.\nThis workspace's values:\n• #")
    assert "`" not in text
    assert "*" not in text


def test_links_and_entities_read_as_typed() -> None:
    assert plain_error("see <https://x.example/a|the post> &amp; <#C1|team> &lt;3") == (
        "see the post (https://x.example/a) & #C1 <3"
    )


def test_it_fits_slacks_limit() -> None:
    assert len(plain_error("a" * 5000)) == MAX_ERROR_CHARS


def test_dates_read_as_their_fallback() -> None:
    text = "It resets: <!date^1700000000^{date_short_pretty} at {time}|2023-11-14 22:13 UTC>."
    assert plain_error(text) == "It resets: 2023-11-14 22:13 UTC."
