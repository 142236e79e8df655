"""The `/kudos` slash command: accepted as one task; the router runs it after the ack."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.domain.tasks import NewTask
from bot.services.commands.router import command_task
from handlers.accept import accepting, answer_not_taken


def _task(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask:
    return command_task(body, app_user_id=context.bot_user_id, now=now)


def register(app: Any, deps: Deps) -> None:
    """Register `/kudos`."""
    app.command("/kudos")(accepting(_task, deps, unavailable=answer_not_taken))
