"""App Home: publish the Home tab when someone opens it."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from handlers.after_ack import Incoming, after_ack
from handlers.home_blocks import home_view
from storage.kudos_repo import recent_kudos_received
from storage.values_repo import ensure_workspace, list_values


def handle_app_home_opened(
    event: dict[str, Any], client: WebClient, context: Any, deps: Deps
) -> None:
    """Publish the Home tab for the person who opened it."""
    if event.get("tab") != "home":
        return
    team_id, user_id = context.team_id, event["user"]
    with deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=deps.clock())
        values = list_values(session=session, team_id=team_id)
        received = recent_kudos_received(session=session, team_id=team_id, user_id=user_id)
    client.views_publish(user_id=user_id, view=home_view(values=values, received=received))


def register(app: Any, deps: Deps) -> None:
    """Register the app_home_opened event."""

    def on_home_opened(call: Incoming) -> None:
        handle_app_home_opened(call.payload, call.client, call.context, deps)

    app.event("app_home_opened")(**after_ack(on_home_opened))
