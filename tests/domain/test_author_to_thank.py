"""Whom "Kudos for this message" starts the form with: a person who wrote the message, never
the giver, Slackbot or an app."""

from __future__ import annotations

import pytest

from bot.domain.recipients import author_to_thank

CASES = {
    "a colleague's message": ({"user": "UANA", "text": "shipped"}, "UANA"),
    "the giver's own message": ({"user": "UGIVER"}, None),
    "Slackbot": ({"user": "USLACKBOT"}, None),
    "an app's post (our announcements too)": ({"user": "UAPPBOT", "bot_id": "B1"}, None),
    "a bot_message": ({"subtype": "bot_message", "user": "UHOOK"}, None),
    "no author": ({"text": "from a webhook"}, None),
    "an author that is not a string": ({"user": 7}, None),
}


@pytest.mark.parametrize(("message", "expected"), CASES.values(), ids=CASES.keys())
def test_the_form_starts_with_the_author_only_when_they_can_be_thanked(
    message: dict[str, object], expected: str | None
) -> None:
    assert author_to_thank(message, "UGIVER") == expected
