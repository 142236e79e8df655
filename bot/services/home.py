"""App Home: build and publish a person's Home tab when they open it, after their settings
change, and soon after kudos they gave or received (once per burst, for recent viewers)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.home import SHOWN_PER_LIST, HomeData, home_view
from bot.deps import Deps
from bot.domain.periods import Period, period_window
from bot.domain.tasks import NewTask, TaskClass
from bot.services.tasks import Finish, TaskContext, TaskHandler
from storage.home_visits_repo import opened_home_since, record_home_opened
from storage.kudos_repo import recent_kudos_given, recent_kudos_received
from storage.settings_repo import Preferences, preferences_of, save_preferences
from storage.stats_repo import leaderboard, received_per_value, totals
from storage.values_repo import ensure_workspace, list_values

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
            given=recent_kudos_given(session=session, **mine, acts=SHOWN_PER_LIST),
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


def home_refresh_task(team_id: str, user_id: str, *, run_at: datetime) -> NewTask:
    """Republish a person's Home soon; queued with `queue_coalesced`, once per burst."""
    return NewTask(
        kind="home_refresh",
        key=f"home:{team_id}:{user_id}",
        klass=TaskClass.BACKGROUND,
        team_id=team_id,
        payload={"user_id": user_id},
        run_at=run_at,
    )


def home_task(
    kind: str, *, key: str, team_id: str, user_id: str, now: datetime, **extra: Any
) -> NewTask:
    """A task for someone looking at Home now: `home_opened` or `home_preferences`."""
    return NewTask(
        kind=kind,
        key=key,
        klass=TaskClass.INTERACTIVE,
        team_id=team_id,
        payload={"user_id": user_id, **extra},
        run_at=now,
    )


def _run_opened(ctx: TaskContext) -> Finish:
    publish_home(ctx.client(), ctx.deps, ctx.team_id, ctx.payload["user_id"], opened=True)
    return Finish()


def _run_preferences(ctx: TaskContext) -> Finish:
    user_id, chosen = ctx.payload["user_id"], ctx.payload["preferences"]
    prefs = Preferences(bool(chosen["no_public_announce"]), bool(chosen["off_leaderboards"]))
    with ctx.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=ctx.team_id, now=ctx.now)
        save_preferences(
            session=session, team_id=ctx.team_id, user_id=user_id, preferences=prefs, now=ctx.now
        )
    publish_home(ctx.client(), ctx.deps, ctx.team_id, user_id, opened=True)
    return Finish()


def _run_refresh(ctx: TaskContext) -> Finish:
    publish_home(ctx.client(), ctx.deps, ctx.team_id, ctx.payload["user_id"])
    return Finish()


HOME_OPENED = TaskHandler(run=_run_opened)
HOME_PREFERENCES = TaskHandler(run=_run_preferences)
HOME_REFRESH = TaskHandler(run=_run_refresh)
