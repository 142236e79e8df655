"""`/kudos values [all|add|remove|rename …]`: everyone lists; admins and HR change them.

Who may change values: workspace admins and owners, and people granted `hr` with
`/kudos hr add @person` (the issue calls both "admins", as it does for exports).
"""

from __future__ import annotations

from bot.blocks import values as values_blocks
from bot.domain.permissions import Role, has_role_or_admin
from bot.domain.value_admin import AdminRefusal, Change, parse_add, parse_remove, parse_rename
from bot.services.commands.call import SlashCall, Subcommand
from storage.roles_repo import roles_of
from storage.values_admin_repo import add_value, rename_value, retire_value
from storage.values_repo import ensure_workspace, list_values

LIST_WORDS = {"": False, "list": False, "all": True, "retired": True}


def _list(call: SlashCall, *, with_retired: bool) -> None:
    with call.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=call.team_id, now=call.deps.clock())
        values = list_values(session=session, team_id=call.team_id, include_retired=with_retired)
        text = values_blocks.values_list_text(values, with_retired=with_retired)
    call.reply(text)


def _may_change(call: SlashCall) -> bool:
    with call.deps.database.transaction() as session:
        roles = roles_of(session=session, team_id=call.team_id, user_id=call.user_id)
    return has_role_or_admin(call.caller_now(), roles, Role.HR)


def _add(call: SlashCall, args: str) -> None:
    new = parse_add(args)
    if isinstance(new, AdminRefusal):
        call.reply(values_blocks.refusal_text(new.reason))
        return
    with call.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=call.team_id, now=call.deps.clock())
        change = add_value(session=session, team_id=call.team_id, new=new)
        text = values_blocks.change_text(change)
    call.reply(text)


def _remove(call: SlashCall, args: str) -> None:
    typed = parse_remove(args)
    if isinstance(typed, AdminRefusal):
        call.reply(values_blocks.refusal_text(typed.reason))
        return
    now = call.deps.clock()
    with call.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=call.team_id, now=now)
        change = retire_value(session=session, team_id=call.team_id, typed=typed, now=now)
        text = values_blocks.change_text(change, typed)
    call.reply(text)


def _rename(call: SlashCall, args: str) -> None:
    rename = parse_rename(args)
    if isinstance(rename, AdminRefusal):
        call.reply(values_blocks.refusal_text(rename.reason))
        return
    with call.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=call.team_id, now=call.deps.clock())
        change: Change = rename_value(session=session, team_id=call.team_id, rename=rename)
        text = values_blocks.change_text(change, rename.old)
    call.reply(text)


CHANGES = {"add": _add, "remove": _remove, "rename": _rename}


def handle_values(call: SlashCall) -> None:
    """List the values, or (admins and HR) add, remove or rename one."""
    words = call.args.strip().split(maxsplit=1)
    action = words[0].casefold() if words else ""
    if action in LIST_WORDS and len(words) <= 1:
        _list(call, with_retired=LIST_WORDS[action])
        return
    change = CHANGES.get(action)
    if change is None:
        call.reply(f":warning: I didn't understand that.\n{values_blocks.USAGE}")
        return
    if not _may_change(call):
        call.reply(f":no_entry: {values_blocks.MAY_CHANGE} Nothing changed.")
        return
    change(call, words[1] if len(words) > 1 else "")


SUBCOMMANDS: dict[str, Subcommand] = {"values": handle_values}
