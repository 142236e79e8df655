"""`app_uninstalled` and `tokens_revoked`, accepted as tasks (see bot.services.lifecycle)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.domain.tasks import NewTask
from bot.services.lifecycle import LIFECYCLE_EVENTS, lifecycle_task
from handlers.accept import accepting


def _task(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask:
    event = body.get("event") or {}
    team = context.team_id or context.enterprise_id
    return lifecycle_task(
        event,
        key=f"lifecycle:{team}:{body.get('event_id') or event.get('event_ts')}",
        team_id=context.team_id,
        enterprise_id=context.enterprise_id,
        now=now,
    )


def register(app: Any, deps: Deps) -> None:
    """Register the lifecycle events."""
    for name in sorted(LIFECYCLE_EVENTS):
        app.event(name)(accepting(_task, deps))
