"""Giving by reaction: which reaction gives what, and every case that gives nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest

from bot.domain.reactions import (
    EXCERPT_CHARS,
    OpenForm,
    Reaction,
    Skip,
    emoji_name,
    event_time,
    excerpt,
    reaction_message,
    reaction_request_key,
    skip_by_payload,
    value_for_emoji,
    values_for_emoji,
    what_it_gives,
)


@dataclass(frozen=True)
class _Value:
    slug: str
    emoji: str


GEM, ZAP = _Value("operate-with-excellence", ":gem:"), _Value("act-with-urgency", ":zap:")
VALUES = (GEM, ZAP)
REACTION = Reaction(
    reactor_id="UBEN",
    author_id="UANA",
    item_type="message",
    channel_id="CTEAM",
    ts="1700000000.000100",
    emoji="gem",
)


def _gives(reaction: Reaction = REACTION, **kw: object) -> object:
    settings: dict[str, object] = {"enabled": True, "app_user_id": "UBOT", "values": VALUES}
    return what_it_gives(reaction, **(settings | kw))  # type: ignore[arg-type]


def test_a_value_emoji_gives_a_kudos_for_that_value() -> None:
    assert _gives() == GEM
    assert _gives(replace(REACTION, emoji="zap::skin-tone-2")) == ZAP


@pytest.mark.parametrize(
    ("change", "settings", "why"),
    [
        ({}, {"enabled": False}, Skip.OFF),
        ({"item_type": "file"}, {}, Skip.NOT_A_MESSAGE),
        ({"channel_id": "DANABEN"}, {}, Skip.DIRECT_MESSAGE),
        ({"author_id": "UBEN"}, {}, Skip.OWN_MESSAGE),
        ({"author_id": None}, {}, Skip.BOT_MESSAGE),  # a bot message has no item_user
        ({"author_id": "UBOT"}, {}, Skip.BOT_MESSAGE),  # the app's own message
        ({"author_id": "USLACKBOT"}, {}, Skip.BOT_MESSAGE),
        ({"emoji": "thumbsup"}, {}, Skip.NO_VALUE),
        ({"emoji": "sparkles"}, {}, Skip.NO_VALUE),  # no "any value" emoji set
        ({"emoji": "gem"}, {"values": ()}, Skip.NO_VALUE),
    ],
)
def test_what_gives_nothing(
    change: dict[str, object], settings: dict[str, object], why: Skip
) -> None:
    assert _gives(replace(REACTION, **change), **settings) is why  # type: ignore[arg-type]


def test_the_any_value_emoji_opens_the_form_and_a_value_emoji_still_wins() -> None:
    assert _gives(replace(REACTION, emoji="sparkles"), any_value_emoji=":sparkles:") == OpenForm()
    assert _gives(any_value_emoji=":gem:") == GEM


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        (":gem:", "gem"),
        ("gem", "gem"),
        ("+1::skin-tone-2", "+1"),
        (":Star-Struck:", "star-struck"),
        ("", None),
        (":no spaces:", None),
        ("<!channel>", None),
    ],
)
def test_emoji_names(typed: str, name: str | None) -> None:
    assert emoji_name(typed) == name


def test_a_value_without_an_emoji_matches_no_reaction() -> None:
    assert value_for_emoji([_Value("plain", "")], "gem") is None


def test_every_value_wearing_an_emoji_is_found_in_order() -> None:
    values = [_Value("polish", ":gem:"), _Value("plain", ""), _Value("excellence", "gem")]
    assert [v.slug for v in values_for_emoji(values, ":gem:")] == ["polish", "excellence"]
    assert value_for_emoji(values, "gem") is values[0]


def test_the_request_key_is_one_per_reactor_message_and_value() -> None:
    key = reaction_request_key("T1", REACTION, GEM.slug)
    assert key == reaction_request_key("T1", replace(REACTION, emoji="gem::skin-tone-4"), GEM.slug)
    others = [
        reaction_request_key("T2", REACTION, GEM.slug),
        reaction_request_key("T1", replace(REACTION, reactor_id="UCARL"), GEM.slug),
        reaction_request_key("T1", replace(REACTION, ts="1700000000.000200"), GEM.slug),
        reaction_request_key("T1", replace(REACTION, channel_id="COTHER"), GEM.slug),
        reaction_request_key("T1", REACTION, ZAP.slug),
    ]
    assert len({key, *others}) == 6
    assert len(key) <= 255
    assert "UBEN" not in key  # no user id kept in clear


@pytest.mark.parametrize(
    ("event_ts", "expected"),
    [
        ("1700000000.000100", datetime(2023, 11, 14, 22, 13, 20, 100, tzinfo=UTC)),
        ("1700000000", datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        ("", None),
        ("soon", None),
        (1700000000, None),
    ],
)
def test_event_time(event_ts: object, expected: datetime | None) -> None:
    assert event_time(event_ts) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shipped it &amp; wrote the docs", "Shipped it &amp; wrote the docs"),
        ("see <https://x.example|this>", "see <https://x.example>"),  # no disguised link
        ("two\n\nlines\u200b here", "two lines here"),
        ("   ", None),
        (None, None),
    ],
)
def test_excerpt(text: object, expected: str | None) -> None:
    assert excerpt(text) == expected


def test_a_long_message_is_cut_at_a_word() -> None:
    cut = excerpt("word " * 200)
    assert cut is not None
    assert len(cut) <= EXCERPT_CHARS
    assert cut.endswith("word…")


def test_a_reaction_kudos_always_says_something() -> None:
    assert reaction_message("Shipped it", "gem") == "Shipped it"
    assert reaction_message(None, "gem") == "Reacted with :gem: to their message."


def test_the_payload_alone_rules_out_what_needs_no_lookup() -> None:
    assert skip_by_payload(REACTION, "UBOT") is None
    assert skip_by_payload(replace(REACTION, author_id="UBEN"), "UBOT") is Skip.OWN_MESSAGE
    assert skip_by_payload(replace(REACTION, author_id="UBOT"), "UBOT") is Skip.BOT_MESSAGE


@pytest.mark.parametrize(
    "long",
    [
        "<https://docs.example.com/search?q=" + "a" * 300 + ">",  # one long link, no space
        "see " + "&amp;" * 80,  # entities to the cut
        "see " + "x" * 275 + "&amp;&amp;&amp;",
    ],
    ids=["a link", "entities", "an entity at the cut"],
)
def test_a_long_message_is_never_cut_inside_a_token_or_an_entity(long: str) -> None:
    cut = excerpt(long) or ""
    assert len(cut) <= EXCERPT_CHARS
    body = cut.removesuffix("…")
    assert body.count("<") == body.count(">")
    assert all(part.startswith(("amp;", "lt;", "gt;")) for part in body.split("&")[1:])


@pytest.mark.parametrize(
    ("value_emoji", "reaction"),
    [
        (":thumbsup:", "+1"),
        (":thumbsup:", "+1::skin-tone-3"),
        (":+1:", "+1"),
        (":punch:", "facepunch"),
    ],
)
def test_a_value_emoji_typed_by_another_name_matches_slacks_reaction(
    value_emoji: str, reaction: str
) -> None:
    assert emoji_name(value_emoji) == emoji_name(reaction)
