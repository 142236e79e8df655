"""`app_uninstalled` and `tokens_revoked`, accepted as tasks (see bot.services.lifecycle)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.domain.payload import dict_at, slack_id, slack_ids, text_at
from bot.domain.tasks import NewTask
from bot.services.lifecycle import LIFECYCLE_EVENTS, lifecycle_task
from handlers.accept import accepting, malformed


def _tokens(event: dict[str, Any]) -> dict[str, list[str]] | None:
    """The user ids whose tokens were revoked, by kind ({} for app_uninstalled); None if garbled."""
    if event.get("type") != "tokens_revoked":
        return {}
    tokens = event.get("tokens")
    if not isinstance(tokens, dict):
        return None
    read = {kind: slack_ids(tokens.get(kind) or []) for kind in ("oauth", "bot")}
    if any(ids is None for ids in read.values()):
        return None
    return {kind: list(ids or ()) for kind, ids in read.items()}


def _owner(context: BoltContext) -> tuple[str | None, str | None] | None:
    """The workspace and the organisation (either may be None), or None for neither or garbage."""
    team, org = context.team_id, context.enterprise_id
    if (team is not None and slack_id(team) is None) or (org is not None and slack_id(org) is None):
        return None
    return (team, org) if team or org else None


def _task(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
    event = dict_at(body, "event") or {}
    owner, tokens = _owner(context), _tokens(event)
    event_id = text_at(body, "event_id") or text_at(event, "event_ts")
    if owner is None or event_id is None or tokens is None:
        found = {"the team and enterprise ids": owner, "event_id": event_id, "event.tokens": tokens}
        malformed(body, next(f"{n} missing or malformed" for n, v in found.items() if v is None))
        return None
    team_id, enterprise_id = owner
    return lifecycle_task(
        {"type": event["type"], "tokens": tokens},
        key=f"lifecycle:{team_id or enterprise_id}:{event_id}",
        team_id=team_id,
        enterprise_id=enterprise_id,
        now=now,
    )


def register(app: Any, deps: Deps) -> None:
    """Register the lifecycle events."""
    for name in sorted(LIFECYCLE_EVENTS):
        app.event(name)(accepting(_task, deps))
