"""Repository functions for when people last opened the app's Home tab."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.conflicts import upsert
from storage.models import HomeVisit


def record_home_opened(*, session: Session, team_id: str, user_id: str, now: datetime) -> None:
    """Remember that the person opened Home at `now` (the workspace row must exist)."""
    row = {"team_id": team_id, "user_id": user_id, "opened_at": now}
    session.execute(upsert(session, HomeVisit, row, keys=["team_id", "user_id"]))


def opened_home_since(*, session: Session, team_id: str, user_id: str, since: datetime) -> bool:
    """Whether the person opened Home at or after `since`."""
    query = select(HomeVisit.opened_at).where(
        HomeVisit.team_id == team_id,
        HomeVisit.user_id == user_id,
        col(HomeVisit.opened_at) >= since,
    )
    return session.exec(query).first() is not None
