"""Repository functions for when people last opened the app's Home tab."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from storage.conflicts import upsert
from storage.core_statements import execute_core
from storage.models import HomeVisit

# Built once: on the path of every kudos, building a statement costs more than running it.
_OPENED_SINCE = select(HomeVisit.user_id).where(
    HomeVisit.team_id == bindparam("team_id"),
    col(HomeVisit.user_id).in_(bindparam("user_ids", expanding=True)),
    col(HomeVisit.opened_at) >= bindparam("since"),
)


def record_home_opened(*, session: Session, team_id: str, user_id: str, now: datetime) -> None:
    """Remember that the person opened Home at `now` (the workspace row must exist)."""
    row = {"team_id": team_id, "user_id": user_id, "opened_at": now}
    session.execute(upsert(session, HomeVisit, row, keys=["team_id", "user_id"]))


def opened_home_since(
    *, session: Session, team_id: str, user_ids: Iterable[str], since: datetime
) -> set[str]:
    """Those of these people who opened Home at or after `since`."""
    params = {"team_id": team_id, "user_ids": list(user_ids), "since": since}
    return set(execute_core(session, _OPENED_SINCE, params).scalars().all())
