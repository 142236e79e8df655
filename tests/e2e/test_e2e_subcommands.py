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
