"""Text people write: one stored form (mrkdwn-safe), converted once at each surface's edge."""

from __future__ import annotations

import pytest

from bot.domain.kudos_text import ParsedKudos, parse_kudos
from bot.domain.refusals import KudosRefusal, RefusalCode
from bot.domain.user_text import from_form, from_slash, visible_length, visible_text

ZWSP, RLO, PDI = "\u200b", "\u202e", "\u2069"
ZWJ, ZWNJ = "\u200d", "\u200c"
CODER = f"\U0001f9d1{ZWJ}\U0001f4bb"  # 🧑‍💻: one emoji, joined
PERSIAN = f"\u0645\u06cc{ZWNJ}\u062e\u0648\u0627\u0647\u0645"  # می‌خواهم: the ZWNJ is spelling


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
    ("typed", "kept"),
    [
        pytest.param(f"{CODER} shipped it", f"{CODER} shipped it", id="emoji-zwj"),
        pytest.param(
            f"\u2764\ufe0f{ZWJ}\U0001f525 fixed",
            f"\u2764\ufe0f{ZWJ}\U0001f525 fixed",
            id="emoji-vs-zwj",
        ),
        pytest.param(f"{PERSIAN} thanks", f"{PERSIAN} thanks", id="persian-zwnj"),
        pytest.param(f"\u0915\u094d{ZWJ}\u0937", f"\u0915\u094d{ZWJ}\u0937", id="devanagari-zwj"),
        pytest.param(f"\U0001f9d1{ZWJ}{ZWNJ}{ZWJ}\U0001f4bb", CODER, id="a-run-keeps-one"),
        pytest.param(f"{ZWJ}hi{ZWNJ}", "hi", id="at-the-edges"),
        pytest.param(f"fi{ZWJ}xed it{ZWNJ} now", "fixed it now", id="between-ascii-or-a-space"),
        pytest.param(f"\U0001f9d1{ZWSP}{ZWJ}\U0001f4bb", CODER, id="other-invisibles-still-go"),
    ],
)
def test_joiners_between_visible_characters_are_part_of_the_text(typed: str, kept: str) -> None:
    assert from_slash(typed) == kept
    assert from_form(typed) == kept


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
        pytest.param("<@U1> #respect " + "\ufe0f" * 12, id="variation-selectors"),
        pytest.param("<@U1> #respect " + "\u3164" * 12, id="hangul-filler"),
        pytest.param("<@U1> #respect " + "\u115f\u1160\uffa0" * 4, id="other-hangul-fillers"),
        pytest.param("<@U1> #respect " + "\u034f" * 12, id="combining-grapheme-joiner"),
        pytest.param("<@U1> #respect " + "\U000e0041" * 12, id="tag-characters"),
        pytest.param("<@U1> #respect " + "\u2800" * 12, id="braille-blank"),
        pytest.param("<@U1> #respect " + "\u20dd" * 12, id="enclosing-marks"),
        pytest.param("<@U1> #respect " + "\u3164 \u2800\u3000" * 6, id="blanks-and-spaces"),
        pytest.param("<@U1> #respect hi" + "\ufe0f\u034f" * 8, id="two-seen"),
    ],
)
def test_a_message_that_looks_short_is_refused_as_too_short(text: str) -> None:
    refusal = parse_kudos(text)
    assert isinstance(refusal, KudosRefusal)
    assert refusal.code is RefusalCode.MESSAGE_TOO_SHORT


@pytest.mark.parametrize(
    ("stored", "seen"),
    [
        pytest.param("\U0001f389" * 10, 10, id="emoji"),
        pytest.param(f"{CODER} {CODER}", 3, id="joined-emoji"),
        pytest.param("\U0001f44d\U0001f3fd" * 5, 5, id="skin-tones"),
        pytest.param("\U0001f1eb\U0001f1f7" * 5, 5, id="flags"),
        pytest.param("\U0001f1eb\U0001f1f7\U0001f1e9", 2, id="a flag and a lone letter"),
        pytest.param("\u2764\ufe0f thanks", 8, id="emoji-with-variation-selector"),
        pytest.param("caf\u0065\u0301 ok", 7, id="combining-accent"),
        pytest.param(f"{PERSIAN}", 7, id="persian"),
    ],
)
def test_visible_length_counts_what_draws(stored: str, seen: int) -> None:
    assert visible_length(stored) == seen


def test_a_message_of_escaped_characters_is_as_long_as_it_looks() -> None:
    parsed = parse_kudos("<@U1> #respect " + "&amp;" * 1000)
    assert isinstance(parsed, ParsedKudos)  # 1000 characters seen: within the limit
    assert visible_length(parsed.message) == 1000
