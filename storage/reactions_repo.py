"""Repository functions for giving by reaction: the workspace's switch and "any value" emoji,
removals (so a give that runs after its removal gives nothing), and withdrawing a kudos."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.conflicts import upsert
from storage.models import Kudos, ReactionRemoval, ReactionSettings


@dataclass(frozen=True)
class ReactionChoice:
    """A workspace's reaction settings."""

    enabled: bool = True
    any_value_emoji: str | None = None


def reaction_settings(*, session: Session, team_id: str) -> ReactionChoice:
    """The workspace's settings, or the defaults (on, no "any value" emoji)."""
    row = session.get(ReactionSettings, team_id)
    return ReactionChoice() if row is None else ReactionChoice(row.enabled, row.any_value_emoji)


def save_reaction_settings(
    *, session: Session, team_id: str, choice: ReactionChoice, by: str, now: datetime
) -> None:
    """Store the workspace's settings (the workspace row must exist)."""
    row = {
        "team_id": team_id,
        "enabled": choice.enabled,
        "any_value_emoji": choice.any_value_emoji,
        "updated_by": by,
        "updated_at": now,
    }
    session.execute(upsert(session, ReactionSettings, row, keys=["team_id"]))


def record_removal(
    *, session: Session, team_id: str, request_key: str, removed_at: datetime
) -> None:
    """Remember that the reaction behind `request_key` was removed at `removed_at` (the latest)."""
    row = {"team_id": team_id, "request_key": request_key, "removed_at": removed_at}
    existing = session.get(ReactionRemoval, (team_id, request_key))
    if existing is not None and existing.removed_at >= removed_at:
        return
    session.execute(upsert(session, ReactionRemoval, row, keys=["team_id", "request_key"]))


def removed_between(
    *, session: Session, team_id: str, request_key: str, start: datetime, end: datetime
) -> bool:
    """Whether the reaction behind `request_key` was last removed within [start, end]."""
    found = session.get(ReactionRemoval, (team_id, request_key))
    return found is not None and start <= found.removed_at <= end


def purge_removals(*, session: Session, before: datetime) -> int:
    """Forget removals older than `before` (long past any give they could still stop)."""
    statement = delete(ReactionRemoval).where(col(ReactionRemoval.removed_at) < before)
    return int(getattr(session.execute(statement), "rowcount", 0) or 0)


def withdraw_kudos(
    *, session: Session, team_id: str, request_key: str, giver_id: str, created_since: datetime
) -> tuple[str, list[str]] | None:
    """Delete the kudos act stored for `request_key` by `giver_id` if it was stored at or after
    `created_since`; its act id and recipients, or None when there was none to withdraw."""
    query = select(Kudos.act_id, Kudos.receiver_id).where(
        Kudos.team_id == team_id,
        Kudos.request_key == request_key,
        Kudos.giver_id == giver_id,
        col(Kudos.created_at) >= created_since,
    )
    rows = session.exec(query).all()
    if not rows:
        return None
    session.execute(
        delete(Kudos).where(
            col(Kudos.team_id) == team_id,
            col(Kudos.request_key) == request_key,
            col(Kudos.giver_id) == giver_id,
        )
    )
    return rows[0][0], [receiver for _, receiver in rows]


@dataclass(frozen=True)
class StoredAct:
    """A kudos act as the giver may still add words to it."""

    act_id: str
    receiver_ids: tuple[str, ...]
    value_id: int
    channel_id: str | None
    is_private: bool
    source_link: str | None
    message: str


def act_of(*, session: Session, team_id: str, request_key: str, giver_id: str) -> StoredAct | None:
    """The act `giver_id` stored for `request_key` (None if withdrawn or someone else's)."""
    query = select(Kudos).where(
        Kudos.team_id == team_id, Kudos.request_key == request_key, Kudos.giver_id == giver_id
    )
    rows = session.exec(query.order_by(col(Kudos.id))).all()
    if not rows:
        return None
    first = rows[0]
    return StoredAct(
        act_id=first.act_id,
        receiver_ids=tuple(r.receiver_id for r in rows),
        value_id=first.value_id,
        channel_id=first.channel_id,
        is_private=first.is_private,
        source_link=first.source_link,
        message=first.message,
    )


def set_act_message(*, session: Session, team_id: str, act_id: str, message: str) -> None:
    """Replace the message of every row of one act."""
    session.execute(
        update(Kudos)
        .where(col(Kudos.team_id) == team_id, col(Kudos.act_id) == act_id)
        .values(message=message)
    )
