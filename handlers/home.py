"""App Home: publish the Home tab when opened, after kudos change, and when settings change."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.periods import Period, period_window
from handlers.after_ack import Incoming, after_ack
from handlers.home_blocks import (
    HOME_PREFERENCES_ACTION,
    NO_PUBLIC_ANNOUNCE,
    OFF_LEADERBOARDS,
    HomeData,
    home_view,
)
from storage.kudos_repo import recent_kudos_given, recent_kudos_received
from storage.settings_repo import Preferences, preferences_of, save_preferences
from storage.stats_repo import leaderboard, received_per_value, totals
from storage.values_repo import ensure_workspace, list_values

log = logging.getLogger(__name__)


def _home_data(client: WebClient, deps: Deps, team_id: str, user_id: str) -> HomeData:
    now, tz = deps.clock(), deps.people.person(client, team_id, user_id).tz
    week = period_window(Period.WEEK, now=now, tz=tz)
    quarter = period_window(Period.QUARTER, now=now, tz=tz)
    mine: dict[str, Any] = {"team_id": team_id, "user_id": user_id}
    with deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=now)
        prefs = preferences_of(session=session, team_id=team_id, user_ids=[user_id])[user_id]
        return HomeData(
            values=list_values(session=session, team_id=team_id),
            received=recent_kudos_received(session=session, **mine),
            given=recent_kudos_given(session=session, **mine, limit=40),
            per_value=received_per_value(
                session=session, **mine, start=quarter.start, end=quarter.end
            ),
            quarter_label=quarter.label,
            totals=totals(session=session, **mine),
            standings=leaderboard(session=session, team_id=team_id, start=week.start, end=week.end),
            week_label=week.label,
            no_public_announce=prefs.no_public_announce,
            off_leaderboards=prefs.off_leaderboards,
        )


def publish_home(client: WebClient, deps: Deps, team_id: str, user_id: str) -> None:
    """Build and publish one person's Home tab."""
    client.views_publish(
        user_id=user_id, view=home_view(_home_data(client, deps, team_id, user_id))
    )


def refresh_homes(client: WebClient, deps: Deps, team_id: str, user_ids: Iterable[str]) -> None:
    """Republish Home for people whose kudos changed; a failure here never undoes the kudos."""
    for user_id in dict.fromkeys(user_ids):
        try:
            publish_home(client, deps, team_id, user_id)
        except SlackApiError as error:
            log.warning("could not refresh Home for %s: %s", user_id, error.response.get("error"))


def handle_app_home_opened(
    event: dict[str, Any], client: WebClient, context: Any, deps: Deps
) -> None:
    """Publish the Home tab for the person who opened it."""
    if event.get("tab") != "home":
        return
    publish_home(client, deps, context.team_id, event["user"])


def handle_preferences(call: Incoming, deps: Deps) -> None:
    """Save the checkboxes on Home, then show the Home tab again."""
    team_id, user_id = str(call.context.team_id), call.body["user"]["id"]
    action = next(a for a in call.body["actions"] if a["action_id"] == HOME_PREFERENCES_ACTION)
    chosen = {o["value"] for o in action.get("selected_options") or []}
    prefs = Preferences(NO_PUBLIC_ANNOUNCE in chosen, OFF_LEADERBOARDS in chosen)
    with deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=deps.clock())
        save_preferences(
            session=session, team_id=team_id, user_id=user_id, preferences=prefs, now=deps.clock()
        )
    publish_home(call.client, deps, team_id, user_id)


def register(app: Any, deps: Deps) -> None:
    """Register the app_home_opened event and the settings on Home."""

    def on_home_opened(call: Incoming) -> None:
        handle_app_home_opened(call.payload, call.client, call.context, deps)

    app.event("app_home_opened")(**after_ack(on_home_opened))
    app.action(HOME_PREFERENCES_ACTION)(**after_ack(lambda call: handle_preferences(call, deps)))
