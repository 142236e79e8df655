"""Pseudonyms for forgotten people, pure."""

from __future__ import annotations

import pytest

from bot.domain.pseudonym import is_user_id, pseudonym, replace_mentions

SECRET = "s" * 32


def test_same_person_same_workspace_same_pseudonym() -> None:
    first = pseudonym(SECRET, "T1", "U123ABC")
    assert first == pseudonym(SECRET, "T1", "U123ABC")
    assert first.startswith("forgotten-") and len(first) <= 32
    assert "U123ABC" not in first
    assert not is_user_id(first)


@pytest.mark.parametrize(
    ("secret", "team", "user"),
    [(SECRET, "T2", "U123ABC"), (SECRET, "T1", "U123ABD"), ("t" * 32, "T1", "U123ABC")],
)
def test_pseudonyms_differ_by_workspace_person_and_secret(
    secret: str, team: str, user: str
) -> None:
    assert pseudonym(secret, team, user) != pseudonym(SECRET, "T1", "U123ABC")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thanks <@U1> and <@U2>", "thanks <@P> and <@U2>"),
        ("with <@U1|ana> today", "with <@P> today"),
        ("<@U12> is someone else", "<@U12> is someone else"),
        ("no mention", "no mention"),
    ],
)
def test_mentions_are_replaced(text: str, expected: str) -> None:
    assert replace_mentions(text, "U1", "P") == expected


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("U024BE7LH", True),
        ("W012A3CDE", True),
        ("u1", False),
        ("T123", False),
        ("U", False),
        ("U1;drop", False),
    ],
)
def test_user_ids(text: str, ok: bool) -> None:
    assert is_user_id(text) is ok
