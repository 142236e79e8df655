"""App Home: the tab being opened, and the settings on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import BoltContext

from bot.blocks.home import HOME_PREFERENCES_ACTION, NO_PUBLIC_ANNOUNCE, OFF_LEADERBOARDS
from bot.deps import Deps
from bot.domain.tasks import NewTask
from bot.services.home import home_task
from handlers.accept import accepting


def _opened(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
    event = body.get("event") or {}
    if event.get("tab") != "home" or not event.get("user"):
        return None
    team_id = str(context.team_id)
    key = f"home_opened:{team_id}:{body.get('event_id') or event.get('event_ts')}"
    return home_task("home_opened", key=key, team_id=team_id, user_id=event["user"], now=now)


def _preferences(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
    action = next(
        (a for a in body.get("actions") or [] if a.get("action_id") == HOME_PREFERENCES_ACTION),
        None,
    )
    if action is None:
        return None
    chosen = {o.get("value") for o in action.get("selected_options") or []}
    team_id, user_id = str(context.team_id), str(body["user"]["id"])
    return home_task(
        "home_preferences",
        key=f"prefs:{team_id}:{user_id}:{action.get('action_ts')}",
        team_id=team_id,
        user_id=user_id,
        now=now,
        preferences={
            "no_public_announce": NO_PUBLIC_ANNOUNCE in chosen,
            "off_leaderboards": OFF_LEADERBOARDS in chosen,
        },
    )


def register(app: Any, deps: Deps) -> None:
    """Register the app_home_opened event and the settings on Home."""
    app.event("app_home_opened")(accepting(_opened, deps))
    app.action(HOME_PREFERENCES_ACTION)(accepting(_preferences, deps))
