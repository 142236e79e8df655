"""Recipient rules, value matching and safe reposting of user text."""

from __future__ import annotations

import pytest

from bot.blocks.kudos import unknown_value_refusal
from bot.blocks.safe_text import blockquote, neutralize_broadcasts
from bot.domain.recipients import Person, check_recipients
from bot.domain.refusals import RefusalCode
from bot.domain.values import DEFAULT_VALUES, ValueSpec, match_value, value_key, values_with_word


@pytest.mark.parametrize(
    ("people", "code"),
    [
        ([Person("UGIVER")], RefusalCode.SELF_KUDOS),
        ([Person("UANA"), Person("UGIVER")], RefusalCode.SELF_KUDOS),
        ([Person("UBOT")], RefusalCode.BOT_RECIPIENT),
        ([Person("UHELPER", is_bot=True)], RefusalCode.BOT_RECIPIENT),
        ([Person("USLACKBOT")], RefusalCode.BOT_RECIPIENT),
        ([Person("UANA"), Person("UGONE", deleted=True)], RefusalCode.INACTIVE_RECIPIENT),
    ],
)
def test_refused_recipients(people: list[Person], code: RefusalCode) -> None:
    refusal = check_recipients(people, giver_id="UGIVER", app_user_id="UBOT")
    assert refusal is not None
    assert refusal.code == code


def test_people_pass() -> None:
    assert check_recipients([Person("UANA")], giver_id="UGIVER", app_user_id="UBOT") is None


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("respect", "respect"),
        ("#Respect", "respect"),
        ("Treat people with respect", "respect"),
        ("Wow-the-customer", "wow-the-customer"),
        ("wow_the_customer", "wow-the-customer"),
        ("WOWTHECUSTOMER", "wow-the-customer"),
        ("act with urgency", "act-with-urgency"),
    ],
)
def test_values_match_forgivingly(typed: str, slug: str) -> None:
    match = match_value(DEFAULT_VALUES, typed)
    assert match is not None
    assert match.slug == slug


@pytest.mark.parametrize("typed", ["", "#", "excellent", "wow the", "---"])
def test_unknown_values_do_not_match(typed: str) -> None:
    assert match_value(DEFAULT_VALUES, typed) is None


def test_default_values_cover_the_customer_service_canon() -> None:
    keys = {value_key(v.name) for v in DEFAULT_VALUES}
    assert keys == {
        "wowthecustomer",
        "operatewithexcellence",
        "actwithurgency",
        "treatpeoplewithrespect",
        "bethevisionary",
        "empathy",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi <!channel> all", "hi @\u2060channel all"),
        ("<!here> and <!everyone>", "@\u2060here and @\u2060everyone"),
        ("<!here|here>", "here"),
        ("ping <!subteam^S123|@support>", "ping @\u2060support"),
        ("ping <!subteam^S123>", "ping @\u2060group"),
        ("typed in a form: @here and @Channel", "typed in a form: @\u2060here and @\u2060Channel"),
        ("mail ana@here.example, @heretic", "mail ana@here.example, @heretic"),
        ("<!date^1392734382^{date}|Feb 18>", "Feb 18"),
        ("thanks <@U123> &lt;!channel&gt;", "thanks <@U123> &lt;!channel&gt;"),
    ],
)
def test_broadcasts_are_neutralized(text: str, expected: str) -> None:
    out = neutralize_broadcasts(text)
    assert out == expected
    assert "<!" not in out


def test_blockquote_quotes_every_line() -> None:
    assert blockquote("a\n\nb") == "> a\n>\n> b"


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("urgency", "act-with-urgency"),
        ("#Excellence", "operate-with-excellence"),
        ("visionary", "be-the-visionary"),
        ("wow", "wow-the-customer"),
        ("CUSTOMER", "wow-the-customer"),
    ],
)
def test_a_word_of_one_values_name_picks_it(typed: str, slug: str) -> None:
    assert [v.slug for v in values_with_word(DEFAULT_VALUES, typed)] == [slug]


@pytest.mark.parametrize("typed", ["the", "with", "#be", "", "#", "ownership", "urg"])
def test_common_partial_or_unknown_words_pick_nothing(typed: str) -> None:
    assert values_with_word(DEFAULT_VALUES, typed) == []


def test_a_word_several_values_share_names_them_all() -> None:
    values = [*DEFAULT_VALUES, ValueSpec("customer-first", "Customer first", "", "")]
    sharing = values_with_word(values, "customer")
    assert [v.slug for v in sharing] == ["wow-the-customer", "customer-first"]
    refusal = unknown_value_refusal("customer", sharing)
    assert refusal.code is RefusalCode.UNKNOWN_VALUE
    assert "`#wow-the-customer`, `#customer-first`" in refusal.reason
