"""`/kudos managers …` and `/kudos hr …`: admins grant and revoke roles; anyone may list them."""

from __future__ import annotations

from bot.blocks.pieces import mention_users
from bot.domain.mentions import mentioned_user_ids
from bot.domain.permissions import Role, is_workspace_admin
from bot.services.commands.call import SlashCall, Subcommand
from storage.roles_repo import grant_role, revoke_role, role_holders
from storage.values_repo import ensure_workspace

_NAMES = {Role.MANAGER: "managers", Role.HR: "hr"}
_WHAT = {
    Role.MANAGER: "Managers may schedule digests and prompts in channels.",
    Role.HR: "HR may export recognition data and change the values.",
}


def _usage(role: Role) -> str:
    word = _NAMES[role]
    return f"Usage: `/kudos {word}`, `/kudos {word} add @person`, `/kudos {word} remove @person`."


def _list(call: SlashCall, role: Role) -> None:
    with call.deps.database.transaction() as session:
        holders = role_holders(session=session, team_id=call.team_id, role=role)
    who = mention_users(holders) if holders else "nobody yet"
    call.reply(f"*{_NAMES[role].capitalize()}:* {who}. {_WHAT[role]}\n{_usage(role)}")


def _change(call: SlashCall, role: Role, action: str, user_ids: tuple[str, ...]) -> None:
    changed = []
    with call.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=call.team_id, now=call.deps.clock())
        for user_id in user_ids:
            if action == "add":
                done = grant_role(
                    session=session,
                    team_id=call.team_id,
                    user_id=user_id,
                    role=role,
                    granted_by=call.user_id,
                    now=call.deps.clock(),
                )
            else:
                done = revoke_role(
                    session=session, team_id=call.team_id, user_id=user_id, role=role
                )
            if done:
                changed.append(user_id)
    verb = "Added to" if action == "add" else "Removed from"
    unchanged = [u for u in user_ids if u not in changed]
    lines = (
        [f":white_check_mark: {verb} {_NAMES[role]}: {mention_users(changed)}."] if changed else []
    )
    if unchanged:
        state = "already" if action == "add" else "not"
        lines.append(
            f"{mention_users(unchanged)} {'was' if len(unchanged) == 1 else 'were'} "
            f"{state} in {_NAMES[role]}."
        )
    call.reply("\n".join(lines))


def _handle(call: SlashCall, role: Role) -> None:
    words = call.args.split(maxsplit=1)
    action = words[0].casefold() if words else "list"
    if action == "list":
        _list(call, role)
        return
    user_ids = mentioned_user_ids(words[1] if len(words) > 1 else "")
    if action not in ("add", "remove") or not user_ids:
        call.reply(f":warning: I didn't understand that. {_usage(role)}")
        return
    if not is_workspace_admin(call.caller_now()):
        call.reply(f":no_entry: Only workspace admins and owners can change {_NAMES[role]}.")
        return
    _change(call, role, action, user_ids)


def _for(role: Role) -> Subcommand:
    def handle(call: SlashCall) -> None:
        _handle(call, role)

    return handle


SUBCOMMANDS: dict[str, Subcommand] = {_NAMES[role]: _for(role) for role in Role}
