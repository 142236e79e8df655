"""Repository functions for when people last opened the app's Home tab."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from storage.conflicts import upsert
from storage.models import HomeVisit


def record_home_opened(*, session: Session, team_id: str, user_id: str, now: datetime) -> None:
    """Remember that the person opened Home at `now` (the workspace row must exist)."""
    row = {"team_id": team_id, "user_id": user_id, "opened_at": now}
    session.execute(upsert(session, HomeVisit, row, keys=["team_id", "user_id"]))


def opened_home_since(
    *, session: Session, team_id: str, user_ids: Iterable[str], since: datetime
) -> set[str]:
    """Those of these people who opened Home at or after `since`."""
    query = select(HomeVisit.user_id).where(
        HomeVisit.team_id == team_id,
        col(HomeVisit.user_id).in_(list(user_ids)),
        col(HomeVisit.opened_at) >= since,
    )
    return set(session.exec(query).all())
