"""Values administration, pure: parsing, validation and clashes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.domain.value_admin import (
    MAX_SLUG_CHARS,
    AdminRefusal,
    NewValue,
    Rename,
    clashing_values,
    parse_add,
    parse_remove,
    parse_rename,
    slugify,
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("Ownership", NewValue("Ownership", "ownership", "", "")),
        ("Own it :muscle:", NewValue("Own it", "own-it", ":muscle:", "")),
        (
            "Own it :muscle: We finish what we start",
            NewValue("Own it", "own-it", ":muscle:", "We finish what we start"),
        ),
        ('"Own it" We finish', NewValue("Own it", "own-it", "", "We finish")),
        ("“Own it” :+1: yes", NewValue("Own it", "own-it", ":+1:", "yes")),
        (
            "Ownership :thumbsup::skin-tone-3:",
            NewValue("Ownership", "ownership", ":thumbsup::skin-tone-3:", ""),
        ),
        ("  Customer   Obsession  ", NewValue("Customer Obsession", "customer-obsession", "", "")),
        ("Rock &amp; Roll", NewValue("Rock & Roll", "rock-roll", "", "")),
        ("Équipe d'abord", NewValue("Équipe d'abord", "équipe-d-abord", "", "")),
        (  # Persian "accountability", with the zero-width non-joiner its spelling needs
            "\u0645\u0633\u0626\u0648\u0644\u06cc\u062a\u200c\u067e\u0630\u06cc\u0631\u06cc",
            NewValue(
                "\u0645\u0633\u0626\u0648\u0644\u06cc\u062a\u200c\u067e\u0630\u06cc\u0631\u06cc",
                "\u0645\u0633\u0626\u0648\u0644\u06cc\u062a\u067e\u0630\u06cc\u0631\u06cc",
                "",
                "",
            ),
        ),
    ],
)
def test_add_is_parsed(args: str, expected: NewValue) -> None:
    assert parse_add(args) == expected


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ("", "Give the value a name"),
        ("x", "can't be a value name"),
        ("a" * 41, "can't be a value name"),
        ("<!channel> party", "can't be a value name"),
        ("Own_it", "can't be a value name"),
        ("1234", "can't be a value name"),
        ("-dash", "can't be a value name"),
        ('"Own it" :Not An Emoji: text', "isn't an emoji code"),
        ('"Own it" :rocket', "isn't an emoji code"),
        ("Own it :rocket: " + "d" * 301, "the limit is 300"),
        ("\ufb03" * 40, "its hashtag would be 120 characters long"),
        ("\ufb03" * 27, "its hashtag would be 81 characters long"),
    ],
)
def test_bad_add_is_refused(args: str, reason: str) -> None:
    refusal = parse_add(args)
    assert isinstance(refusal, AdminRefusal)
    assert reason in refusal.reason


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("respect Respect everyone", Rename("respect", "Respect everyone", "respect-everyone")),
        ("#respect Kindness", Rename("#respect", "Kindness", "kindness")),
        ('"Wow the customer" Delight', Rename("Wow the customer", "Delight", "delight")),
        ("<#C0RESPECT|respect> Kindness", Rename("respect", "Kindness", "kindness")),
        ("R&amp;D Research", Rename("R&D", "Research", "research")),
    ],
)
def test_rename_is_parsed(args: str, expected: Rename) -> None:
    assert parse_rename(args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("respect", "respect"),
        ("#respect", "#respect"),
        ("<#C0RESPECT|respect>", "respect"),
        ("R&amp;D", "R&D"),
        ("&lt;b&gt;", "<b>"),
        ('  "Wow the customer" ', "Wow the customer"),
    ],
)
def test_remove_is_parsed(args: str, expected: str) -> None:
    assert parse_remove(args) == expected


@pytest.mark.parametrize("args", ["", "  ", '""', "\u200b"])
def test_remove_of_nothing_is_refused(args: str) -> None:
    assert parse_remove(args) == AdminRefusal("Say which value to remove.")


@pytest.mark.parametrize(
    "args", ["", "respect", "respect <!here>", "respect x", "respect " + "\ufb03" * 40]
)
def test_bad_rename_is_refused(args: str) -> None:
    assert isinstance(parse_rename(args), AdminRefusal)


def test_a_name_whose_hashtag_just_fits_is_accepted() -> None:
    new = parse_add("\ufb03" * 26 + "ab")
    assert isinstance(new, NewValue) and len(new.slug) == MAX_SLUG_CHARS


@dataclass
class _Value:
    id: int | None
    slug: str
    name: str


def test_clashes_fold_case_spaces_and_dashes() -> None:
    values = [_Value(1, "respect", "Treat people with respect"), _Value(2, "empathy", "Empathy")]
    assert clashing_values(values, name="RESPECT", slug="respect") == [values[0]]
    assert clashing_values(values, name="Treat People With-Respect", slug="x") == [values[0]]
    assert clashing_values(values, name="Respect", slug="respect", ignore_id=1) == []
    assert clashing_values(values, name="Kindness", slug="kindness") == []


def test_slugify() -> None:
    assert slugify("Wow the customer!") == "wow-the-customer"
