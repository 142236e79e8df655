"""Which `/kudos` texts give kudos (and so run on the giving pool) and which are subcommands."""

from __future__ import annotations

import pytest

from bot.services.commands.router import gives_kudos


@pytest.mark.parametrize(
    ("text", "gives"),
    [
        ("<@U123|ana> #respect thanks for the help", True),
        ("thanks everyone", True),  # refused later, but by the giving pipeline
        ("", False),  # opens the modal
        ("   ", False),
        ("help", False),
        ("HELP", False),
        ("values add Grit :muscle: keep going", False),
        ("top week", False),
        ("export csv", False),
    ],
)
def test_gives_kudos(text: str, gives: bool) -> None:
    assert gives_kudos({"text": text}) is gives


def test_a_command_without_text_field_gives_nothing() -> None:
    assert gives_kudos({}) is False
