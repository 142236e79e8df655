"""The giver's DMs about reaction kudos, and the form opened from them, within Block Kit limits."""

from __future__ import annotations

from bot.blocks.modal import kudos_modal
from bot.blocks.reactions import (
    ADD_WORDS_ACTION,
    OPEN_FORM_ACTION,
    confirmation_blocks,
    form_offer_blocks,
    settings_text,
    withdrawn_text,
    words_added_text,
    words_failed_text,
)
from bot.domain.values import DEFAULT_VALUES

SEALED = '{"edit":"reaction:' + "0" * 48 + '","sig":"' + "a" * 64 + '"}'


def _buttons(blocks: list[dict[str, object]]) -> list[dict[str, object]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]  # type: ignore[attr-defined]


def test_the_confirmation_offers_to_add_words() -> None:
    blocks = confirmation_blocks(":white_check_mark: Kudos sent to <@UANA>.", SEALED)
    (button,) = _buttons(blocks)
    assert (button["action_id"], button["value"]) == (ADD_WORDS_ACTION, SEALED)
    assert len(str(button["value"])) <= 2000
    assert len(button["text"]["text"]) <= 75  # type: ignore[index]


def test_the_any_value_emoji_offers_the_form() -> None:
    blocks = form_offer_blocks("UANA", ":sparkles:", SEALED)
    (button,) = _buttons(blocks)
    assert button["action_id"] == OPEN_FORM_ACTION
    assert "<@UANA>" in blocks[0]["text"]["text"]


def test_an_emoji_name_is_shown_escaped() -> None:
    assert "&lt;!channel&gt;" in form_offer_blocks("UANA", "<!channel>", SEALED)[0]["text"]["text"]


def test_settings_and_withdrawal_say_what_happens() -> None:
    assert "are off" in settings_text(enabled=False, any_value_emoji=None)
    on = settings_text(enabled=True, any_value_emoji=":sparkles:")
    assert "are on" in on
    assert "Reacting with :sparkles: opens the form" in on
    assert "<@UANA> and <@UCARL>" in withdrawn_text(["UANA", "UCARL"])


def test_the_form_can_open_with_the_value_picked() -> None:
    view = kudos_modal(DEFAULT_VALUES, recipients=["UANA"], value_slug="respect")
    select = next(b for b in view["blocks"] if b["block_id"] == "value")["element"]
    assert select["initial_option"]["value"] == "respect"
    assert select["initial_option"] in select["options"]
    plain = kudos_modal(DEFAULT_VALUES, value_slug="no-such-value")
    assert (
        "initial_option"
        not in next(b for b in plain["blocks"] if b["block_id"] == "value")["element"]
    )


def test_the_words_answer_says_what_changed_where() -> None:
    assert "keep the old words" not in words_added_text(["UANA"])
    assert "Only your words changed" in words_added_text(["UANA"], only_words=True)
    gone = words_added_text(["UANA"], posts_updated=False)
    assert "now says what you wrote" in gone and "keep the old words" in gone
    some = words_added_text(["UANA"], some_kept=True)
    assert "Some of its posts in Slack keep the old words" in some
    saved, lost = words_failed_text("t42", saved=True), words_failed_text("t42", saved=False)
    assert "`t42`" in saved and "saved with the kudos" in saved
    assert "`t42`" in lost and "were not saved" in lost
