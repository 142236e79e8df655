"""Repository functions for channel schedules (digests and prompts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from sqlmodel import Session, col, delete, select, update

from bot.domain.schedule import Scope, Weekly
from storage.conflicts import insert_ignoring_conflicts
from storage.models import ChannelSchedule


@dataclass(frozen=True)
class Schedule:
    """A channel's schedule for one kind of post, as the scheduler and commands use it."""

    team_id: str
    channel_id: str
    kind: str
    weekly: Weekly
    scope: Scope
    subscribed_by: str
    active_since: datetime


def _schedule(row: ChannelSchedule) -> Schedule:
    at = time(row.at_minute // 60, row.at_minute % 60)
    return Schedule(
        team_id=row.team_id,
        channel_id=row.channel_id,
        kind=row.kind,
        weekly=Weekly(row.weekday, at, row.tz),
        scope=Scope(row.scope),
        subscribed_by=row.subscribed_by,
        active_since=row.active_since,
    )


def subscribe(*, session: Session, schedule: Schedule) -> None:
    """Create or replace the channel's schedule for its kind."""
    fields = {
        "weekday": schedule.weekly.weekday,
        "at_minute": schedule.weekly.at.hour * 60 + schedule.weekly.at.minute,
        "tz": schedule.weekly.tz,
        "scope": schedule.scope.value,
        "subscribed_by": schedule.subscribed_by,
        "active_since": schedule.active_since,
    }
    key = {"team_id": schedule.team_id, "channel_id": schedule.channel_id, "kind": schedule.kind}
    insert = insert_ignoring_conflicts(session, ChannelSchedule).values(**key, **fields)
    if session.execute(insert.returning(col(ChannelSchedule.id))).first() is not None:
        return
    session.execute(
        update(ChannelSchedule)
        .where(*(getattr(ChannelSchedule, name) == value for name, value in key.items()))
        .values(**fields)
    )


@dataclass(frozen=True, order=True)
class Unsubscribed:
    """One schedule `unsubscribe` removed: its kind and who had subscribed it."""

    kind: str
    subscribed_by: str


def unsubscribe(
    *, session: Session, team_id: str, channel_id: str, kind: str | None
) -> list[Unsubscribed]:
    """Remove the channel's schedule for `kind` (None: every kind); return what was removed."""
    statement = delete(ChannelSchedule).where(
        col(ChannelSchedule.team_id) == team_id, col(ChannelSchedule.channel_id) == channel_id
    )
    if kind is not None:
        statement = statement.where(col(ChannelSchedule.kind) == kind)
    returning = statement.returning(col(ChannelSchedule.kind), col(ChannelSchedule.subscribed_by))
    rows = session.execute(returning).all()
    return sorted(Unsubscribed(kind=row[0], subscribed_by=row[1]) for row in rows)


def schedule_of(*, session: Session, team_id: str, channel_id: str, kind: str) -> Schedule | None:
    """The channel's schedule for `kind`, if any."""
    row = session.exec(
        select(ChannelSchedule).where(
            ChannelSchedule.team_id == team_id,
            ChannelSchedule.channel_id == channel_id,
            ChannelSchedule.kind == kind,
        )
    ).first()
    return None if row is None else _schedule(row)


def all_schedules(*, session: Session) -> Sequence[Schedule]:
    """Every schedule of every workspace."""
    rows = session.exec(select(ChannelSchedule).order_by(col(ChannelSchedule.id))).all()
    return [_schedule(row) for row in rows]


def schedules_in_channel(*, session: Session, channel_id: str) -> Sequence[Schedule]:
    """The schedules of one channel (any workspace), digest first."""
    rows = session.exec(
        select(ChannelSchedule)
        .where(ChannelSchedule.channel_id == channel_id)
        .order_by(col(ChannelSchedule.kind))
    ).all()
    return [_schedule(row) for row in rows]
