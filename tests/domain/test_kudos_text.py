"""parse_kudos: every accepted form, every refusal a row, and fuzzing that it never raises."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.kudos_text import MAX_MESSAGE_CHARS, MAX_RECIPIENTS, ParsedKudos, parse_kudos
from bot.domain.refusals import KudosRefusal, RefusalCode

MSG = "stayed on after the outage to call back every customer"
# Persian "accountability": its spelling needs a zero-width non-joiner
PERSIAN_VALUE = "\u0645\u0633\u0626\u0648\u0644\u06cc\u062a\u200c\u067e\u0630\u06cc\u0631\u06cc"


@pytest.mark.parametrize(
    ("text", "recipients", "value", "message"),
    [
        (f"<@U123|ana> #respect {MSG}", ("U123",), "respect", MSG),
        (f"<@U123> <@U456|ben> #respect {MSG}", ("U123", "U456"), "respect", MSG),
        (f"<@U123>, <@U456>, #respect: {MSG}", ("U123", "U456"), "respect", MSG),
        (f"#respect <@U123> {MSG}", ("U123",), "respect", MSG),
        (f"<@U123> <#C999|wow-the-customer> {MSG}", ("U123",), "wow-the-customer", MSG),
        (f"<@U123> #Wow_the_customer {MSG}", ("U123",), "Wow_the_customer", MSG),
        (f"<@U123> <@U123> #respect {MSG}", ("U123",), "respect", MSG),
        (f"  <@W0ENTERPRISE>   #empathy   {MSG}  ", ("W0ENTERPRISE",), "empathy", MSG),
        (
            f"<@U123> #respect {MSG} and thanks <@U456>",
            ("U123",),
            "respect",
            MSG + " and thanks <@U456>",
        ),
        (f"<@U123>,<@U456> #respect {MSG}", ("U123", "U456"), "respect", MSG),
        (f"<@U123>;<@U456>,#respect {MSG}", ("U123", "U456"), "respect", MSG),
        (f"<@U123><@U456> #respect {MSG}", ("U123", "U456"), "respect", MSG),
        (f"<@U123> #respect. {MSG}", ("U123",), "respect", MSG),
        (f"<@U123> #respect! {MSG}", ("U123",), "respect", MSG),
        (f"<@U123>, #respect? {MSG}", ("U123",), "respect", MSG),
        (f"<@U123>. #respect {MSG}", ("U123",), "respect", MSG),
        (f"<@U123> #R&amp;D {MSG}", ("U123",), "R&D", MSG),
        (f"<@U123> #R&amp;D. {MSG}", ("U123",), "R&D", MSG),
        (f"<@U123> #r&amp;d-team&amp;ops {MSG}", ("U123",), "r&d-team&ops", MSG),
        (f"<@U123> #R&amp;D &amp; {MSG}", ("U123",), "R&D", f"&amp; {MSG}"),
        (f"<@U123> #{PERSIAN_VALUE} {MSG}", ("U123",), PERSIAN_VALUE, MSG),  # ZWNJ kept
        (
            f"<@U123> #respect line one\nline two {MSG}",
            ("U123",),
            "respect",
            f"line one\nline two {MSG}",
        ),
    ],
)
def test_parses_accepted_forms(
    text: str, recipients: tuple[str, ...], value: str, message: str
) -> None:
    assert parse_kudos(text) == ParsedKudos(recipients, value, message)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", RefusalCode.NO_RECIPIENT),
        (f"#respect {MSG}", RefusalCode.NO_RECIPIENT),
        (f"thanks everyone {MSG}", RefusalCode.NO_RECIPIENT),
        (f"<@U123> {MSG}", RefusalCode.NO_VALUE),
        (f"<@U123> <#C999> {MSG}", RefusalCode.NO_VALUE),
        (f"<@U123> <#C999|> {MSG}", RefusalCode.NO_VALUE),
        (f"<@U123> #respect #empathy {MSG}", RefusalCode.SEVERAL_VALUES),
        (f"<@U123> #respect.{MSG}", RefusalCode.NO_VALUE),  # a tag glued to the message
        (f"<@U123> #respect&amp; {MSG}", RefusalCode.NO_VALUE),
        (f"<@U123> #R&amp;D&amp; {MSG}", RefusalCode.NO_VALUE),
        (f"<@U123>thanks #respect {MSG}", RefusalCode.NO_RECIPIENT),
        (f"<@U123>,<@U456>,#respect,#empathy {MSG}", RefusalCode.SEVERAL_VALUES),
        (f"<!channel> #respect {MSG}", RefusalCode.GROUP_MENTION),
        (f"<@U123> <!here> #respect {MSG}", RefusalCode.GROUP_MENTION),
        (f"<!subteam^S123|@support> <!everyone> #respect {MSG}", RefusalCode.GROUP_MENTION),
        (f"<!subteam^S123> #respect #empathy {MSG}", RefusalCode.SEVERAL_VALUES),
        (f"<!subteam^S123|@support> {MSG}", RefusalCode.NO_VALUE),
        (f"@nobody #respect {MSG}", RefusalCode.UNKNOWN_PERSON),
        ("<@U123> #respect", RefusalCode.MESSAGE_TOO_SHORT),
        ("<@U123> #respect thanks!", RefusalCode.MESSAGE_TOO_SHORT),
        ("<@U123> #respect " + "x" * (MAX_MESSAGE_CHARS + 1), RefusalCode.MESSAGE_TOO_LONG),
        (
            " ".join(f"<@U{i:03}>" for i in range(MAX_RECIPIENTS + 1)) + f" #respect {MSG}",
            RefusalCode.TOO_MANY_RECIPIENTS,
        ),
    ],
)
def test_refuses_bad_input_with_a_reason(text: str, code: RefusalCode) -> None:
    result = parse_kudos(text)
    assert isinstance(result, KudosRefusal)
    assert result.code == code
    assert result.reason


@pytest.mark.parametrize(
    ("text", "recipients", "groups", "labels"),
    [
        pytest.param(
            f"<!subteam^S123|@support> #respect {MSG}",
            (),
            ("S123",),
            {"S123": "@support"},
            id="labelled",
        ),
        pytest.param(f"<!subteam^S123> #respect {MSG}", (), ("S123",), {}, id="unlabelled"),
        pytest.param(
            f"<@UANA|ana> <!subteam^S123|@support> #respect {MSG}",
            ("UANA",),
            ("S123",),
            {"S123": "@support"},
            id="mixed",
        ),
        pytest.param(
            f"<!subteam^S123|@support>, <@UANA>, #respect: {MSG}",
            ("UANA",),
            ("S123",),
            {"S123": "@support"},
            id="group-first-with-punctuation",
        ),
        pytest.param(
            f"<!subteam^S123> <!subteam^S9|@ops> <!subteam^S123|@support> #respect {MSG}",
            (),
            ("S123", "S9"),
            {"S123": "@support", "S9": "@ops"},
            id="repeated-keeps-order-and-a-label",
        ),
        pytest.param(
            f"#respect <!subteam^SABC123|@on-call> {MSG}",
            (),
            ("SABC123",),
            {"SABC123": "@on-call"},
            id="after-the-value",
        ),
    ],
)
def test_parses_user_groups(
    text: str, recipients: tuple[str, ...], groups: tuple[str, ...], labels: dict[str, str]
) -> None:
    assert parse_kudos(text) == ParsedKudos(recipients, "respect", MSG, groups, labels)


def test_a_group_in_the_message_is_text_not_a_recipient() -> None:
    parsed = parse_kudos(f"<@UANA> #respect {MSG} with <!subteam^S123|@support>")
    assert isinstance(parsed, ParsedKudos)
    assert parsed.group_ids == ()
    assert parsed.message.endswith("with <!subteam^S123|@support>")


@pytest.mark.parametrize(
    "special",
    ["<!channel>", "<!here>", "<!everyone>", "<!here|@here>", "<!channel|@channel>", "<!date^1|x>"],
)
@pytest.mark.parametrize("with_group", [False, True])
def test_special_mentions_stay_refused(special: str, with_group: bool) -> None:
    group = "<!subteam^S123|@support> " if with_group else ""
    result = parse_kudos(f"{group}{special} #respect {MSG}")
    assert isinstance(result, KudosRefusal)
    assert result.code == RefusalCode.GROUP_MENTION
    assert "@channel" in result.reason


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        pytest.param("@x<!channel>", "called @x.", id="broadcast-glued-on"),
        pytest.param("@x<https://evil.example>", "called @x.", id="link-glued-on"),
        pytest.param("@x<@UEVE>", "called @x.", id="mention-glued-on"),
        pytest.param("@x&lt;!here&gt;", "called @x&lt;!here&gt;.", id="typed-brackets"),
        pytest.param("@R&amp;D", "called @R&amp;D.", id="ampersand"),
        pytest.param("@nobody,", "called @nobody.", id="trailing-comma"),
        pytest.param("@" + "z" * 500, "called @" + "z" * 58 + "….", id="very-long"),
    ],
)
def test_an_unknown_name_is_echoed_inert(typed: str, shown: str) -> None:
    result = parse_kudos(f"<@UANA> #respect {typed} {MSG}")
    assert isinstance(result, KudosRefusal)
    assert result.code is RefusalCode.UNKNOWN_PERSON
    assert shown in result.reason
    assert "<" not in result.reason and ">" not in result.reason


def test_too_long_states_the_limit() -> None:
    result = parse_kudos("<@U1> #respect " + "y" * 1500)
    assert isinstance(result, KudosRefusal)
    assert str(MAX_MESSAGE_CHARS) in result.reason
    assert "1500" in result.reason


slack_like = st.text(
    alphabet=st.sampled_from(list("<>@#!|^&;:, \n\tUCWS0129abz_-")) | st.characters(),
    max_size=300,
)


@given(st.one_of(slack_like, st.text(max_size=2000)))
def test_never_raises_on_any_text(text: str) -> None:
    result = parse_kudos(text)
    assert isinstance(result, ParsedKudos | KudosRefusal)
    if isinstance(result, ParsedKudos):
        assert result.recipient_ids or result.group_ids
        assert 10 <= len(result.message) <= MAX_MESSAGE_CHARS


@given(
    st.lists(st.from_regex(r"U[A-Z0-9]{2,10}", fullmatch=True), min_size=1, max_size=5),
    st.from_regex(r"[a-z][a-z_-]{0,20}", fullmatch=True),
    st.text(min_size=10, max_size=200).filter(lambda s: s.strip() == s and len(s) >= 10),
)
def test_round_trips_well_formed_kudos(users: list[str], value: str, message: str) -> None:
    text = " ".join(f"<@{u}>" for u in users) + f" #{value} {message}"
    result = parse_kudos(text)
    if isinstance(result, ParsedKudos):
        assert result.recipient_ids == tuple(dict.fromkeys(users))
        assert result.value == value
