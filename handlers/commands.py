"""The `/kudos` slash command: accepted as one task; the router runs it after the ack."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.domain.payload import at, id_at, text_at
from bot.domain.tasks import NewTask
from bot.services.commands.router import command_task
from handlers.accept import accepting, answer_not_taken, malformed, required


def _task(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
    got = required(
        body,
        {
            "team_id": id_at(body, "team_id"),
            "user_id": id_at(body, "user_id"),
            "channel_id": id_at(body, "channel_id"),
            "trigger_id": text_at(body, "trigger_id"),
        },
    )
    if got is None:
        return None
    text, response_url = at(body, "text") or "", at(body, "response_url")
    if not isinstance(text, str):
        malformed(body, "text is not a string")
        return None
    if response_url is not None and text_at(body, "response_url") is None:
        malformed(body, "response_url is not a string")
        return None
    command = {**got, "text": text, "response_url": response_url}
    return command_task(command, app_user_id=context.bot_user_id, now=now)


def register(app: Any, deps: Deps) -> None:
    """Register `/kudos`."""
    app.command("/kudos")(accepting(_task, deps, unavailable=answer_not_taken))
