"""The `/kudos` slash command: routes `help`, `values` and giving kudos."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from handlers import kudos_blocks
from handlers.after_ack import Incoming, after_ack
from handlers.give import give_kudos_from_command
from storage.values_repo import ensure_workspace, list_values


def _show_values(command: dict[str, Any], respond: Respond, deps: Deps) -> None:
    with deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=command["team_id"], now=deps.clock())
        values = list_values(session=session, team_id=command["team_id"])
        text = "*This workspace's values:*\n" + kudos_blocks.values_text(values)
    respond(text=text, response_type="ephemeral")


def handle_kudos_command(
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    *,
    deps: Deps,
) -> None:
    """Answer `help` and `values`, or give kudos (runs after the ack)."""
    words = command.get("text", "").split(maxsplit=1)
    first = words[0].casefold() if words else ""
    if first in ("", "help"):
        respond(text=kudos_blocks.help_text(), response_type="ephemeral")
    elif first == "values" and len(words) == 1:
        _show_values(command, respond, deps)
    else:
        give_kudos_from_command(command, respond, client, context, deps)


def register(app: Any, deps: Deps) -> None:
    """Register `/kudos`."""

    def on_kudos(call: Incoming) -> None:
        if call.respond is None:
            raise ValueError("a slash command arrived without a response_url")
        handle_kudos_command(call.payload, call.respond, call.client, call.context, deps=deps)

    app.command("/kudos")(**after_ack(on_kudos))
