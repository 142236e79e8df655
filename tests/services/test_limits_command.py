"""`/kudos limits …`: what each form of the command asks for."""

from __future__ import annotations

import pytest

from bot.services.commands.limits import parse_limits
from storage.settings_repo import FairUse

CURRENT = FairUse(daily_limit=10, block_unfair=False)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("daily 5", FairUse(daily_limit=5, block_unfair=False)),
        ("DAILY 1000", FairUse(daily_limit=1000, block_unfair=False)),
        ("daily 007", FairUse(daily_limit=7, block_unfair=False)),
        ("blocking on", FairUse(daily_limit=10, block_unfair=True)),
        ("blocking OFF", FairUse(daily_limit=10, block_unfair=False)),
    ],
)
def test_a_setting_is_parsed(text: str, wanted: FairUse) -> None:
    assert parse_limits(text.split(), CURRENT) == wanted


@pytest.mark.parametrize(
    "text",
    [
        "daily",
        "daily 0",
        "daily 1001",
        "daily -1",
        "daily 1.5",
        "daily \u00b2",  # superscript two: isdigit() says yes, int() says no
        "daily \u0661\u0662",  # Arabic-Indic digits
        "daily \uff15",  # fullwidth five
        "daily 1\u00b2",
        "daily " + "9" * 5000,  # more digits than int() converts
        "daily 5 6",
        "blocking maybe",
        "weekly 5",
    ],
)
def test_anything_else_is_not_understood(text: str) -> None:
    assert parse_limits(text.split(), CURRENT) is None
