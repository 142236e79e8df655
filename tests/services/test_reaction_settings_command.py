"""`/kudos reactions …`: what each form of the command asks for."""

from __future__ import annotations

import pytest

from bot.services.commands.reactions import parse_reactions
from storage.reactions_repo import ReactionChoice

CURRENT = ReactionChoice(enabled=True, any_value_emoji=":sparkles:")


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        ("off", ReactionChoice(False, ":sparkles:")),
        ("ON", ReactionChoice(True, ":sparkles:")),
        ("emoji :tada:", ReactionChoice(True, ":tada:")),
        ("emoji :Tada:", ReactionChoice(True, ":tada:")),
        ("emoji off", ReactionChoice(True, None)),
        ("", None),
        ("maybe", None),
        ("emoji", None),
        ("emoji tada", None),  # an emoji is written with its colons
        ("emoji :two words:", None),
        ("emoji <!channel>", None),
        ("on off", None),
    ],
)
def test_parse_reactions(args: str, wanted: ReactionChoice | None) -> None:
    assert parse_reactions(args, CURRENT) == wanted
