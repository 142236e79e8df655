"""The `/kudos` slash command: a subcommand when the first word names one, else giving kudos."""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from handlers import (
    export_commands,
    fair_use_commands,
    kudos_blocks,
    role_commands,
    schedule_commands,
    shortcuts,
    stats_commands,
    values_commands,
)
from handlers.after_ack import Incoming, after_ack
from handlers.give_command import give_kudos_from_command
from handlers.slash import SlashCall, Subcommand


def show_help(call: SlashCall) -> None:
    """`/kudos help`."""
    call.reply(kudos_blocks.help_text())


SUBCOMMANDS: dict[str, Subcommand] = {
    "help": show_help,
    **values_commands.SUBCOMMANDS,
    **role_commands.SUBCOMMANDS,
    **stats_commands.SUBCOMMANDS,
    **fair_use_commands.SUBCOMMANDS,
    **schedule_commands.SUBCOMMANDS,
    **export_commands.SUBCOMMANDS,
}


def _subcommand(text: str) -> tuple[Subcommand | None, str]:
    words = text.strip().split(maxsplit=1)
    subcommand = SUBCOMMANDS.get(words[0].casefold()) if words else None
    return subcommand, words[1] if len(words) > 1 else ""


def gives_kudos(command: dict[str, Any]) -> bool:
    """Whether this `/kudos` gives kudos: it has text and its first word names no subcommand."""
    text = command.get("text", "")
    return bool(text.strip()) and _subcommand(text)[0] is None


def handle_kudos_command(
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    *,
    deps: Deps,
) -> None:
    """Run the subcommand the first word names, or give kudos (runs after the ack)."""
    text = command.get("text", "")
    if not text.strip():
        shortcuts.open_from_command(command, respond, client, deps)
        return
    subcommand, args = _subcommand(text)
    if subcommand is None:
        give_kudos_from_command(command, respond, client, context, deps)
        return
    subcommand(SlashCall(command, args, respond, client, context, deps))


def register(app: Any, deps: Deps) -> None:
    """Register `/kudos`."""

    def on_kudos(call: Incoming) -> None:
        if call.respond is None:
            raise ValueError("a slash command arrived without a response_url")
        handle_kudos_command(call.payload, call.respond, call.client, call.context, deps=deps)

    def pool_for(body: dict[str, Any]) -> Executor:
        return deps.giving_pool if gives_kudos(body) else deps.after_ack_pool

    app.command("/kudos")(after_ack(on_kudos, deps, pool_for=pool_for))
