"""The modal's blocks, how a submission is read and validated inline (pure, no Slack)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.blocks.modal import (
    MESSAGE,
    RECIPIENTS,
    VALUE,
    kudos_modal,
)
from bot.domain.recipients import Person
from bot.domain.values import DEFAULT_VALUES, ValueSpec
from bot.services.giving.form import read_submission, submission_errors
from handlers.modal import message_link, submission_key

MSG = "stayed on after the outage to call back every customer"


def _view(
    users: list[str], value: str | None, message: str, private: bool = False
) -> dict[str, Any]:
    option = {"value": value} if value else None
    checked = [{"value": "private"}] if private else []
    return {
        "id": "V1",
        "private_metadata": json.dumps({"link": "https://x.slack.com/archives/C1/p1"}),
        "state": {
            "values": {
                "recipients": {
                    "recipients": {"type": "multi_users_select", "selected_users": users}
                },
                "value": {"value": {"type": "static_select", "selected_option": option}},
                "message": {"message": {"type": "plain_text_input", "value": message}},
                "channel": {"channel": {"selected_conversation": "CTEAM"}},
                "private": {"private": {"selected_options": checked}},
            }
        },
    }


def test_modal_lists_values_with_emoji_and_description_within_limits() -> None:
    long = ValueSpec("long", "L" * 200, ":x:", "D" * 500)
    view = kudos_modal([*DEFAULT_VALUES, long], recipients=["UAUTHOR"], channel_id="CTEAM")
    assert view["callback_id"] == "give_kudos_modal"
    assert len(view["blocks"]) <= 100
    value_block = next(b for b in view["blocks"] if b.get("block_id") == VALUE)
    options = value_block["element"]["options"]
    assert options[0]["text"]["text"] == ":star-struck: Wow the customer"
    assert options[0]["description"]["text"].startswith("Went past")
    assert all(len(o["text"]["text"]) <= 75 for o in options)
    assert all(len(o["description"]["text"]) <= 75 for o in options)
    people = next(b for b in view["blocks"] if b.get("block_id") == RECIPIENTS)
    assert people["element"]["initial_users"] == ["UAUTHOR"]


def test_a_workspace_without_values_gets_a_modal_that_says_so() -> None:
    view = kudos_modal([])
    assert "submit" not in view
    assert "no values yet" in json.dumps(view)


def test_submission_is_read_and_valid() -> None:
    given = read_submission(_view(["UANA", "UANA", "UBEN"], "respect", f"  {MSG} ", True))
    assert given.recipient_ids == ("UANA", "UBEN")
    assert (given.value, given.message, given.channel_id) == ("respect", MSG, "CTEAM")
    assert given.is_private is True
    errors = submission_errors(given, giver_id="UGIVER", people=[], app_user_id="UBOT")
    assert errors == {}


@pytest.mark.parametrize(
    ("users", "value", "message", "people", "field", "expected"),
    [
        ([], "respect", MSG, [], RECIPIENTS, "Pick at least one person"),
        (["UGIVER"], "respect", MSG, [], RECIPIENTS, "can't give them to yourself"),
        (["UH"], "respect", MSG, [Person("UH", is_bot=True)], RECIPIENTS, "bots"),
        (["UBOT"], "respect", MSG, [Person("UBOT")], RECIPIENTS, "bots"),
        (["UG"], "respect", MSG, [Person("UG", deleted=True)], RECIPIENTS, "no longer"),
        (["UX"], "respect", MSG, [Person("UX", is_stranger=True)], RECIPIENTS, "Slack Connect"),
        ([f"U{i}" for i in range(21)], "respect", MSG, [], RECIPIENTS, "at most 20"),
        (["UANA"], None, MSG, [], VALUE, "Pick the value"),
        (["UANA"], "respect", "thanks", [], MESSAGE, "at least 10 characters"),
        (["UANA"], "respect", "x" * 1001, [], MESSAGE, "the limit is 1000"),
    ],
)
def test_bad_submissions_get_inline_errors(
    *,
    users: list[str],
    value: str | None,
    message: str,
    people: list[Person],
    field: str,
    expected: str,
) -> None:
    given = read_submission(_view(users, value, message))
    errors = submission_errors(given, giver_id="UGIVER", people=people, app_user_id="UBOT")
    assert list(errors) == [field]
    assert expected in errors[field]


def test_double_submit_has_one_key_and_message_links_are_built() -> None:
    view = _view(["UANA"], "respect", MSG)
    assert submission_key(view) == submission_key(json.loads(json.dumps(view)))
    assert submission_key(view) != submission_key(_view(["UBEN"], "respect", MSG))
    payload = {"team": {"domain": "acme"}, "channel": {"id": "C9"}, "message_ts": "1700.0001"}
    assert message_link(payload) == "https://acme.slack.com/archives/C9/p17000001"
    assert message_link({}) is None
