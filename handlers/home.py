"""App Home: publish the Home tab when opened, after kudos change, and when settings change.

Slack asks for a fresh Home each time a person opens the tab (`app_home_opened`), so after a
kudos only the Homes of people who opened theirs lately are republished, on one background
worker that republishes a person once per burst of kudos.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

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
from storage.home_visits_repo import opened_home_since, record_home_opened
from storage.kudos_repo import recent_kudos_given, recent_kudos_received
from storage.settings_repo import Preferences, preferences_of, save_preferences
from storage.stats_repo import leaderboard, received_per_value, totals
from storage.values_repo import ensure_workspace, list_values

log = logging.getLogger(__name__)

RECENT_HOME_VISIT = timedelta(hours=24)  # who opened Home this long ago may still be looking


def _home_data(
    client: WebClient, deps: Deps, team_id: str, user_id: str, *, opened: bool
) -> HomeData:
    now, tz = deps.clock(), deps.people.person(client, team_id, user_id).tz
    week = period_window(Period.WEEK, now=now, tz=tz)
    quarter = period_window(Period.QUARTER, now=now, tz=tz)
    mine: dict[str, Any] = {"team_id": team_id, "user_id": user_id}
    with deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=now)
        if opened:
            record_home_opened(session=session, team_id=team_id, user_id=user_id, now=now)
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


def publish_home(
    client: WebClient, deps: Deps, team_id: str, user_id: str, *, opened: bool = False
) -> None:
    """Build and publish one person's Home tab; `opened`: they are looking at it now."""
    data = _home_data(client, deps, team_id, user_id, opened=opened)
    client.views_publish(user_id=user_id, view=home_view(data))


def recent_home_viewers(
    session: Session, *, team_id: str, user_ids: Iterable[str], now: datetime
) -> set[str]:
    """Those of these people who opened Home lately, so may be looking at it now."""
    since = now - RECENT_HOME_VISIT
    return opened_home_since(session=session, team_id=team_id, user_ids=user_ids, since=since)


def _refresh_home(client: WebClient, deps: Deps, team_id: str, user_id: str) -> None:
    try:
        publish_home(client, deps, team_id, user_id)
    except SlackApiError as error:
        log.warning("could not refresh Home for %s: %s", user_id, error.response.get("error"))


def refresh_homes(client: WebClient, deps: Deps, team_id: str, user_ids: Iterable[str]) -> None:
    """Soon republish these people's Homes, once per burst; a failure never undoes a kudos."""
    for user_id in dict.fromkeys(user_ids):
        task = partial(_refresh_home, client, deps, team_id, user_id)
        deps.home_refreshes.submit((team_id, user_id), task)


def handle_app_home_opened(
    event: dict[str, Any], client: WebClient, context: Any, deps: Deps
) -> None:
    """Publish the Home tab for the person who opened it."""
    if event.get("tab") != "home":
        return
    publish_home(client, deps, context.team_id, event["user"], opened=True)


def handle_preferences(call: Incoming, deps: Deps) -> None:
    """Save the checkboxes on Home (so the person is looking at it), then show Home again."""
    team_id, user_id = str(call.context.team_id), call.body["user"]["id"]
    action = next(a for a in call.body["actions"] if a["action_id"] == HOME_PREFERENCES_ACTION)
    chosen = {o["value"] for o in action.get("selected_options") or []}
    prefs = Preferences(NO_PUBLIC_ANNOUNCE in chosen, OFF_LEADERBOARDS in chosen)
    now = deps.clock()
    with deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=now)
        save_preferences(
            session=session, team_id=team_id, user_id=user_id, preferences=prefs, now=now
        )
    publish_home(call.client, deps, team_id, user_id, opened=True)


def register(app: Any, deps: Deps) -> None:
    """Register the app_home_opened event and the settings on Home."""

    def on_home_opened(call: Incoming) -> None:
        handle_app_home_opened(call.payload, call.client, call.context, deps)

    app.event("app_home_opened")(after_ack(on_home_opened, deps))
    app.action(HOME_PREFERENCES_ACTION)(
        after_ack(lambda call: handle_preferences(call, deps), deps)
    )
