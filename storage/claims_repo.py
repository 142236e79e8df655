"""The exactly-once ledger of scheduled posts: claim a (channel, kind, period) before sending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select, update

from storage.conflicts import insert_ignoring_conflicts
from storage.models import PostClaim


class ClaimStatus(StrEnum):
    """Where a claimed post stands."""

    SENDING = "sending"
    POSTED = "posted"
    FAILED = "failed"
    SKIPPED = "skipped"
    GONE = "gone"
    ABANDONED = "abandoned"


@dataclass(frozen=True)
class ClaimKey:
    """What makes a post unique: one per channel, kind and period."""

    team_id: str
    channel_id: str
    kind: str
    period: str

    def __str__(self) -> str:
        """'digest in C1 (T1) for 2026-11-30', for logs."""
        return f"{self.kind} in {self.channel_id} ({self.team_id}) for {self.period}"

    def where(self) -> list[Any]:
        """SQL conditions selecting this claim."""
        return [
            col(PostClaim.team_id) == self.team_id,
            col(PostClaim.channel_id) == self.channel_id,
            col(PostClaim.kind) == self.kind,
            col(PostClaim.period) == self.period,
        ]


def claim_post(
    *,
    session: Session,
    key: ClaimKey,
    slot_at: datetime,
    status: ClaimStatus,
    worker: str,
    now: datetime,
) -> bool:
    """Record the claim; False when someone (any process) already holds it."""
    insert = insert_ignoring_conflicts(session, PostClaim).values(
        team_id=key.team_id,
        channel_id=key.channel_id,
        kind=key.kind,
        period=key.period,
        slot_at=slot_at,
        status=status.value,
        attempts=1,
        claimed_by=worker,
        updated_at=now,
    )
    return session.execute(insert.returning(col(PostClaim.id))).first() is not None


def take_over_failed(
    *,
    session: Session,
    key: ClaimKey,
    worker: str,
    now: datetime,
    stamp: datetime | None = None,
    stale_before: datetime | None = None,
    attempts_below: int | None = None,
) -> int | None:
    """Take a failed claim whose retry is due, or (with `stale_before`) one still sending but
    untouched since then, left by a process that died (fewer than `attempts_below` attempts);
    the claim is stamped `stamp` (default `now`). The attempt number, None if not ours."""
    failed = (col(PostClaim.status) == ClaimStatus.FAILED.value) & (
        col(PostClaim.next_attempt_at) <= now
    )
    left: ColumnElement[bool] = failed
    if stale_before is not None:
        stale = (col(PostClaim.status) == ClaimStatus.SENDING.value) & (
            col(PostClaim.updated_at) < stale_before
        )
        if attempts_below is not None:
            stale = stale & (col(PostClaim.attempts) < attempts_below)
        left = or_(failed, stale)
    statement = (
        update(PostClaim)
        .where(*key.where(), left)
        .values(
            status=ClaimStatus.SENDING.value,
            attempts=col(PostClaim.attempts) + 1,
            claimed_by=worker,
            updated_at=stamp or now,
        )
    )
    row = session.execute(statement.returning(col(PostClaim.attempts))).first()
    return None if row is None else int(row[0])


def finish_claim(
    *,
    session: Session,
    key: ClaimKey,
    status: ClaimStatus,
    now: datetime,
    detail: str | None = None,
    message_ts: str | None = None,
    next_attempt_at: datetime | None = None,
) -> None:
    """Record how the attempt ended."""
    session.execute(
        update(PostClaim)
        .where(*key.where())
        .values(
            status=status.value,
            updated_at=now,
            detail=detail[:200] if detail else None,
            message_ts=message_ts,
            next_attempt_at=next_attempt_at,
        )
    )


def claim_of(*, session: Session, key: ClaimKey) -> PostClaim | None:
    """The claim for this key, if any."""
    return session.exec(select(PostClaim).where(*key.where())).first()
