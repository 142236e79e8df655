"""End to end: subcommands answer what is true when the input is odd or something fails."""

from __future__ import annotations

import pytest

from tests.support.e2e import Workspace


@pytest.mark.parametrize("number", ["\u00b2", "\u0661", "\uff15"])
def test_limits_with_a_non_ascii_digit_answers_the_usage(ws: Workspace, number: str) -> None:
    ws.command(f"limits daily {number}", "odd", user_id="UPLAIN")
    text = ws.reply("odd")["text"]
    assert text.startswith(":warning: I didn't understand that. Usage: `/kudos limits`")
