"""Text people write: one stored form (mrkdwn-safe), converted once at each surface's edge."""

from __future__ import annotations

import pytest

from bot.domain.kudos_text import ParsedKudos, parse_kudos
from bot.domain.refusals import KudosRefusal, RefusalCode
from bot.domain.user_text import from_form, from_slash, visible_length, visible_text

ZWSP, RLO, PDI = "\u200b", "\u202e", "\u2069"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        (
            "<https://evil.example/login|https://acme.slack.com/review>",
            ("&lt;https://evil.example/login|https://acme.slack.com/review&gt;"),
        ),
        ("thanks <@U123> and <#C1|general>", "thanks &lt;@U123&gt; and &lt;#C1|general&gt;"),
        ("<!channel> look", "&lt;!channel&gt; look"),
        ("Q&A done", "Q&amp;A done"),
        (f"  {RLO}gnp.exe{PDI} fixed  ", "gnp.exe fixed"),
        ("line one\r\nline two", "line one\nline two"),
        (ZWSP * 10, ""),
    ],
)
def test_form_text_is_stored_escaped_and_visible(raw: str, stored: str) -> None:
    assert from_form(raw) == stored


@pytest.mark.parametrize(
    ("slash", "stored"),
    [
        ("thanks <@U123|ana> for Q&amp;A", "thanks <@U123|ana> for Q&amp;A"),
        ("see <https://acme.slack.com/x>", "see <https://acme.slack.com/x>"),
        ("see <https://evil.example|https://acme.slack.com>", "see <https://evil.example>"),
        ("mail <mailto:a@b.c|boss@acme.com>", "mail <mailto:a@b.c>"),
        (f"fi{ZWSP}xed it{RLO}", "fixed it"),
        ("typed &lt;@U1&gt; literally", "typed &lt;@U1&gt; literally"),
    ],
)
def test_slash_text_keeps_slacks_tokens_but_no_link_labels(slash: str, stored: str) -> None:
    assert from_slash(slash) == stored


@pytest.mark.parametrize(
    ("stored", "seen"),
    [
        ("Q&amp;A", "Q&A"),
        ("&amp;lt; is how you write &lt;", "&lt; is how you write <"),
        ("thanks <@U123|ana>", "thanks @ana"),
        ("thanks <@U123>", "thanks @U123"),
        ("in <#C1|general>", "in #general"),
        ("<!here> and <!subteam^S1|@support>", "@here and @support"),
        ("<https://acme.slack.com/x>", "https://acme.slack.com/x"),
    ],
)
def test_visible_text_is_what_a_person_reads(stored: str, seen: str) -> None:
    assert visible_text(stored) == seen


def test_lengths_count_what_a_person_sees() -> None:
    assert visible_length(from_form("Q&A")) == 3
    assert visible_length(from_form(ZWSP * 10)) == 0


@pytest.mark.parametrize(
    "text",
    [
        f"<@U1> #respect {ZWSP * 12}",  # invisible: not a message at all
        "<@U1> #respect Q&amp;A!",  # 5 characters seen, though 9 are sent
        f"<@U1> #respect {RLO}{PDI}{ZWSP}hi{ZWSP * 9}",
    ],
)
def test_a_message_that_looks_short_is_refused_as_too_short(text: str) -> None:
    refusal = parse_kudos(text)
    assert isinstance(refusal, KudosRefusal)
    assert refusal.code is RefusalCode.MESSAGE_TOO_SHORT


def test_a_message_of_escaped_characters_is_as_long_as_it_looks() -> None:
    parsed = parse_kudos("<@U1> #respect " + "&amp;" * 1000)
    assert isinstance(parsed, ParsedKudos)  # 1000 characters seen: within the limit
    assert visible_length(parsed.message) == 1000
