"""Pure builders for giving by reaction: the giver's DMs (with their buttons) and the settings."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.pieces import Block, escape, mention_users, section

ADD_WORDS_ACTION = "reaction_add_words"
OPEN_FORM_ACTION = "reaction_open_form"


def _button(action_id: str, label: str, value: str) -> Block:
    text = {"type": "plain_text", "text": label}
    return {"type": "button", "action_id": action_id, "text": text, "value": value}


def _with_button(text: str, button: Block) -> list[Block]:
    return [section(text), {"type": "actions", "elements": [button]}]


def confirmation_blocks(text: str, sealed: str) -> list[Block]:
    """The giver's confirmation of a reaction kudos, with "Add a few words" (`sealed` says which
    kudos)."""
    return _with_button(text, _button(ADD_WORDS_ACTION, "Add a few words", sealed))


def form_offer_text(author_id: str, emoji: str) -> str:
    """Why the "any value" emoji sent a DM."""
    return (
        f"You reacted with {escape(emoji)} to a message of <@{author_id}>. Pick the value they "
        "showed and say what they did, and they get your kudos."
    )


def form_offer_blocks(author_id: str, emoji: str, sealed: str) -> list[Block]:
    """The DM the "any value" emoji sends: a button that opens the form (`sealed` says for whom
    and which message)."""
    return _with_button(
        form_offer_text(author_id, emoji), _button(OPEN_FORM_ACTION, "Give kudos", sealed)
    )


def withdrawn_text(receiver_ids: Sequence[str]) -> str:
    """The giver's DM after removing the reaction in time."""
    return (
        f":leftwards_arrow_with_hook: You removed your reaction, so your kudos to "
        f"{mention_users(receiver_ids)} was withdrawn."
    )


_WHY_KEPT = "(deleted, no longer editable, or more than a week old)"


def words_added_text(
    receiver_ids: Sequence[str],
    *,
    only_words: bool = False,
    posts_updated: bool = True,
    some_kept: bool = False,
) -> str:
    """The giver's DM after adding words to a reaction kudos (`only_words`: the form asked for
    other people or another value too, which a kudos given keeps; not `posts_updated`: none of
    its posts in Slack could be found or changed, so only the stored kudos says it;
    `some_kept`: some of its posts were changed, others could not be)."""
    who = mention_users(receiver_ids)
    text = f":white_check_mark: Your kudos to {who} now says what you wrote."
    if not posts_updated:
        text += (
            " Its announcement and DMs in Slack keep the old words: I couldn't change them "
            f"{_WHY_KEPT}."
        )
    elif some_kept:
        text += (
            f" Some of its posts in Slack keep the old words: I couldn't change them {_WHY_KEPT}."
        )
    if only_words:
        text += (
            "\nOnly your words changed: the people and the value stay as given. To thank someone "
            "else, give them a kudos of their own."
        )
    return text


def words_failed_text(reference: str, *, saved: bool) -> str:
    """The giver's DM when adding words failed: `saved`, the kudos has them but its posts in
    Slack may not; else nothing changed."""
    if saved:
        return (
            ":warning: Your new words are saved with the kudos, but something went wrong while "
            f"putting them into its announcement and DMs in Slack (reference `{reference}`): "
            "some may still show the old words. Exports and Home show the new ones."
        )
    return (
        f":warning: Something went wrong on our side (reference `{reference}`), and your words "
        "were not saved. Please try again in a minute with the button in my message."
    )


def settings_text(*, enabled: bool, any_value_emoji: str | None) -> str:
    """The workspace's reaction settings in plain words, and how to change them."""
    state = (
        "on: reacting to someone's message with a value's emoji gives them kudos"
        if enabled
        else "off"
    )
    extra = (
        f" Reacting with {escape(any_value_emoji)} opens the form to pick a value."
        if any_value_emoji
        else ""
    )
    return (
        f"*Kudos by reaction* are {state}.{extra}\n"
        "Admins: `/kudos reactions on|off`, `/kudos reactions emoji :sparkles:` or "
        "`/kudos reactions emoji off`."
    )
