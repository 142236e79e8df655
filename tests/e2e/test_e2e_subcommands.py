"""End to end: subcommands answer what is true when the input is odd or something fails."""

from __future__ import annotations

import pytest

from tests.support.e2e import Workspace


@pytest.mark.parametrize("number", ["\u00b2", "\u0661", "\uff15"])
def test_limits_with_a_non_ascii_digit_answers_the_usage(ws: Workspace, number: str) -> None:
    ws.command(f"limits daily {number}", "odd", user_id="UPLAIN")
    text = ws.reply("odd")["text"]
    assert text.startswith(":warning: I didn't understand that. Usage: `/kudos limits`")


def test_a_failed_subcommand_does_not_speak_of_a_kudos(ws: Workspace) -> None:
    ws.stack.slack.fail("users.info", "invalid_arguments", times=1)
    ws.command("values add Curiosity", "err", user_id="UADMIN")
    text = ws.reply("err")["text"]
    assert "Something went wrong on our side (reference `t" in text
    assert "your command may not have finished" in text
    assert "kudos" not in text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("top Q&amp;A", "`Q&amp;A`"),  # as typed: escaped once, case kept
        ("top <@UANA|ana>", "`@ana`"),  # a mention is quoted as text
        ("top `x", "`'x`"),  # a backtick does not end the code span
        ("me please show last year", "`please show last year`"),
    ],
    ids=["ampersand", "mention", "backtick", "me with words"],
)
def test_stats_quote_an_odd_argument_back_as_typed_with_the_usage(
    ws: Workspace, typed: str, shown: str
) -> None:
    ws.command(typed, "odd")
    text = ws.reply("odd")["text"]
    assert text.startswith(":warning: I ")
    assert shown in text and "Usage: `/kudos " in text
