"""The `/kudos` slash command: a subcommand when the first word names one, else giving kudos."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from handlers import export_commands, kudos_blocks, role_commands
from handlers.after_ack import Incoming, after_ack
from handlers.give import give_kudos_from_command
from handlers.slash import SlashCall, Subcommand
from storage.values_repo import ensure_workspace, list_values


def show_help(call: SlashCall) -> None:
    """`/kudos help`."""
    call.reply(kudos_blocks.help_text())


def show_values(call: SlashCall) -> None:
    """`/kudos values`: the workspace's values."""
    with call.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=call.team_id, now=call.deps.clock())
        values = list_values(session=session, team_id=call.team_id)
        text = "*This workspace's values:*\n" + kudos_blocks.values_text(values)
    call.reply(text)


SUBCOMMANDS: dict[str, Subcommand] = {
    "help": show_help,
    "values": show_values,
    **role_commands.SUBCOMMANDS,
    **export_commands.SUBCOMMANDS,
}


def handle_kudos_command(
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    *,
    deps: Deps,
) -> None:
    """Run the subcommand the first word names, or give kudos (runs after the ack)."""
    words = command.get("text", "").strip().split(maxsplit=1)
    subcommand = SUBCOMMANDS.get(words[0].casefold() if words else "help")
    if subcommand is None:
        give_kudos_from_command(command, respond, client, context, deps)
        return
    args = words[1] if len(words) > 1 else ""
    subcommand(SlashCall(command, args, respond, client, context, deps))


def register(app: Any, deps: Deps) -> None:
    """Register `/kudos`."""

    def on_kudos(call: Incoming) -> None:
        if call.respond is None:
            raise ValueError("a slash command arrived without a response_url")
        handle_kudos_command(call.payload, call.respond, call.client, call.context, deps=deps)

    app.command("/kudos")(**after_ack(on_kudos))
