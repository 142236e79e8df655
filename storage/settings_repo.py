"""Repository functions for workspace fair-use settings and people's own preferences."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from bot.domain.daily_limit import DEFAULT_DAILY_LIMIT
from storage.core_statements import execute_core
from storage.models import PersonPreferences, WorkspaceSettings


@dataclass(frozen=True)
class FairUse:
    """A workspace's fair-use settings."""

    daily_limit: int = DEFAULT_DAILY_LIMIT
    block_unfair: bool = False


@dataclass(frozen=True)
class Preferences:
    """One person's choices."""

    no_public_announce: bool = False
    off_leaderboards: bool = False


# Built once: on the path of every kudos, building a statement costs more than running it.
_FAIR_USE = select(WorkspaceSettings.daily_limit, WorkspaceSettings.block_unfair).where(
    WorkspaceSettings.team_id == bindparam("team_id")
)
_PREFERENCES = select(
    PersonPreferences.user_id,
    PersonPreferences.no_public_announce,
    PersonPreferences.off_leaderboards,
).where(
    PersonPreferences.team_id == bindparam("team_id"),
    col(PersonPreferences.user_id).in_(bindparam("user_ids", expanding=True)),
)


def fair_use_settings(*, session: Session, team_id: str) -> FairUse:
    """The workspace's settings, or the defaults when nobody changed them."""
    row = execute_core(session, _FAIR_USE, {"team_id": team_id}).first()
    return FairUse(row.daily_limit, row.block_unfair) if row else FairUse()


def save_fair_use(
    *, session: Session, team_id: str, settings: FairUse, by: str, now: datetime
) -> None:
    """Store the workspace's settings (the workspace row must exist)."""
    row = session.get(WorkspaceSettings, team_id, with_for_update=True)
    if row is None:
        row = WorkspaceSettings(team_id=team_id, updated_by=by, updated_at=now)
    row.daily_limit, row.block_unfair = settings.daily_limit, settings.block_unfair
    row.updated_by, row.updated_at = by, now
    session.add(row)
    session.flush()


def preferences_of(
    *, session: Session, team_id: str, user_ids: Iterable[str]
) -> dict[str, Preferences]:
    """Preferences for these people; anyone without a row has the defaults."""
    ids = list(dict.fromkeys(user_ids))
    rows = execute_core(session, _PREFERENCES, {"team_id": team_id, "user_ids": ids}).all()
    found = {r.user_id: Preferences(r.no_public_announce, r.off_leaderboards) for r in rows}
    return {user_id: found.get(user_id, Preferences()) for user_id in ids}


def off_leaderboard_people(*, session: Session, team_id: str) -> set[str]:
    """Everyone in the workspace who asked to be left off leaderboards."""
    query = select(PersonPreferences.user_id).where(
        PersonPreferences.team_id == team_id, col(PersonPreferences.off_leaderboards)
    )
    return set(session.exec(query).all())


def save_preferences(
    *, session: Session, team_id: str, user_id: str, preferences: Preferences, now: datetime
) -> None:
    """Store a person's choices (the workspace row must exist)."""
    row = session.get(PersonPreferences, (team_id, user_id), with_for_update=True)
    if row is None:
        row = PersonPreferences(team_id=team_id, user_id=user_id, updated_at=now)
    row.no_public_announce = preferences.no_public_announce
    row.off_leaderboards = preferences.off_leaderboards
    row.updated_at = now
    session.add(row)
    session.flush()
