"""`/kudos limits`: see the fair-use settings; admins change the daily limit and blocking."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.domain.daily_limit import MAX_DAILY_LIMIT
from bot.domain.permissions import is_workspace_admin
from bot.services.commands.call import SlashCall, Subcommand
from storage.settings_repo import FairUse, fair_use_settings, save_fair_use
from storage.values_repo import ensure_workspace

_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only: int() refuses `²`, which isdigit() accepts
USAGE = "Usage: `/kudos limits`, `/kudos limits daily <1-1000>`, `/kudos limits blocking on|off`."


def describe(settings: FairUse) -> str:
    """The settings in plain words."""
    blocking = "refused" if settings.block_unfair else "flagged to admins weekly, not refused"
    return (
        f"*Fair use:* each person can give {settings.daily_limit} kudos a day (counted in "
        f"their own time zone). Reciprocal trading and kudos concentrated on one person are "
        f"{blocking}."
    )


def parse_limits(words: list[str], current: FairUse) -> FairUse | None:
    """The settings `daily <1-1000>` or `blocking on|off` asks for; None for anything else."""
    if len(words) != 2:
        return None
    setting, wanted = words[0].casefold(), words[1].casefold()
    if setting == "daily" and _NUMBER.fullmatch(wanted) and 1 <= int(wanted) <= MAX_DAILY_LIMIT:
        return replace(current, daily_limit=int(wanted))
    if setting == "blocking" and wanted in ("on", "off"):
        return replace(current, block_unfair=wanted == "on")
    return None


def handle_limits(call: SlashCall) -> None:
    """Show the settings, or change one (workspace admins and owners only)."""
    words = call.args.split()
    with call.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=call.team_id, now=call.deps.clock())
        current = fair_use_settings(session=session, team_id=call.team_id)
    if not words:
        call.reply(f"{describe(current)}\n{USAGE}")
        return
    wanted = parse_limits(words, current)
    if wanted is None:
        call.reply(f":warning: I didn't understand that. {USAGE}")
        return
    if not is_workspace_admin(call.caller_now()):
        call.reply(":no_entry: Only workspace admins and owners can change fair-use settings.")
        return
    with call.deps.database.transaction() as session:
        save_fair_use(
            session=session,
            team_id=call.team_id,
            settings=wanted,
            by=call.user_id,
            now=call.deps.clock(),
        )
    call.reply(f":white_check_mark: Saved. {describe(wanted)}")


SUBCOMMANDS: dict[str, Subcommand] = {"limits": handle_limits}
