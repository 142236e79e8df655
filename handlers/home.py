"""App Home: the tab being opened, and the settings on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import BoltContext

from bot.blocks.home import HOME_PREFERENCES_ACTION, NO_PUBLIC_ANNOUNCE, OFF_LEADERBOARDS
from bot.deps import Deps
from bot.domain.payload import at, dict_at, id_at, list_at, slack_id, text_at
from bot.domain.tasks import NewTask
from bot.services.home import home_task
from handlers.accept import accepting, malformed, required


def _opened(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
    tab = at(body, "event", "tab")
    if tab != "home" and isinstance(tab, str):  # the Messages or About tab: nothing to do
        return None
    got = required(
        body,
        {
            "event.tab": tab if tab == "home" else None,
            "the team id": slack_id(context.team_id),
            "event.user": id_at(body, "event", "user"),
            "event_id": text_at(body, "event_id") or text_at(body, "event", "event_ts"),
        },
    )
    if got is None:
        return None
    team_id, user_id = got["the team id"], got["event.user"]
    key = f"home_opened:{team_id}:{got['event_id']}"
    return home_task("home_opened", key=key, team_id=team_id, user_id=user_id, now=now)


def _chosen(action: dict[str, Any] | None) -> set[str] | None:
    """The values of the settings ticked, or None when they are not shaped as Slack's."""
    options = at(action, "selected_options")
    options = [] if options is None else options
    if not isinstance(options, list) or not all(isinstance(o, dict) for o in options):
        return None
    return {value for o in options if isinstance(value := o.get("value"), str)}


def _preferences(body: dict[str, Any], context: BoltContext, now: datetime) -> NewTask | None:
    action = dict_at((list_at(body, "actions") or [None])[0])
    got = required(
        body,
        {
            "the team id": slack_id(context.team_id),
            "user.id": id_at(body, "user", "id"),
            "actions[0].action_ts": text_at(action, "action_ts"),
        },
    )
    if got is None:
        return None
    chosen = _chosen(action)
    if chosen is None:
        malformed(body, "actions[0].selected_options is not a list of objects")
        return None
    team_id, user_id = got["the team id"], got["user.id"]
    return home_task(
        "home_preferences",
        key=f"prefs:{team_id}:{user_id}:{got['actions[0].action_ts']}",
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
