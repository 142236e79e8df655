"""`/kudos reactions`: see whether reacting gives kudos; admins turn it on or off and set the
"any value" emoji that opens the form."""

from __future__ import annotations

from dataclasses import replace

from bot.blocks.kudos import value_label
from bot.blocks.reactions import settings_text
from bot.domain.permissions import is_workspace_admin
from bot.domain.reactions import emoji_name, value_for_emoji
from bot.services.commands.call import SlashCall, Subcommand
from storage.models import CompanyValue
from storage.reactions_repo import ReactionChoice, reaction_settings, save_reaction_settings
from storage.values_repo import ensure_workspace, list_values

USAGE = (
    "Usage: `/kudos reactions`, `/kudos reactions on|off`, `/kudos reactions emoji :sparkles:`, "
    "`/kudos reactions emoji off`."
)


def parse_reactions(args: str, current: ReactionChoice) -> ReactionChoice | None:
    """The settings `args` ask for; None when they are not understood."""
    words = args.split()
    if len(words) == 1 and words[0].casefold() in ("on", "off"):
        return replace(current, enabled=words[0].casefold() == "on")
    if len(words) == 2 and words[0].casefold() == "emoji":
        if words[1].casefold() == "off":
            return replace(current, any_value_emoji=None)
        name = emoji_name(words[1]) if words[1].startswith(":") and words[1].endswith(":") else None
        return None if name is None else replace(current, any_value_emoji=f":{name}:")
    return None


def _taken_by_value(
    call: SlashCall, wanted: str | None, current: str | None
) -> CompanyValue | None:
    """The value whose emoji a newly chosen any-value emoji is; None when there is none or
    the emoji is not being changed (`on`/`off` keep it as it is, whatever values have since)."""
    if wanted is None or wanted == current:
        return None
    with call.deps.database.transaction() as session:
        values = list_values(session=session, team_id=call.team_id)
    return value_for_emoji(values, wanted)


def handle_reactions(call: SlashCall) -> None:
    """Show the settings, or change them (workspace admins and owners only)."""
    now = call.deps.clock()
    with call.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=call.team_id, now=now)
        current = reaction_settings(session=session, team_id=call.team_id)
    if not call.args.strip():
        call.reply(settings_text(enabled=current.enabled, any_value_emoji=current.any_value_emoji))
        return
    wanted = parse_reactions(call.args, current)
    if wanted is None:
        call.reply(f":warning: I didn't understand that. {USAGE}")
        return
    if not is_workspace_admin(call.caller_now()):
        call.reply(":no_entry: Only workspace admins and owners can change kudos by reaction.")
        return
    taken = _taken_by_value(call, wanted.any_value_emoji, current.any_value_emoji)
    if taken:  # that emoji gives its value's kudos: it can't also open the form
        call.reply(
            f":warning: {wanted.any_value_emoji} already gives kudos for {value_label(taken)}. "
            f"Pick an emoji no value uses. {USAGE}"
        )
        return
    with call.deps.database.transaction() as session:
        save_reaction_settings(
            session=session, team_id=call.team_id, choice=wanted, by=call.user_id, now=now
        )
    shown = settings_text(enabled=wanted.enabled, any_value_emoji=wanted.any_value_emoji)
    call.reply(f":white_check_mark: Saved. {shown}")


SUBCOMMANDS: dict[str, Subcommand] = {"reactions": handle_reactions}
