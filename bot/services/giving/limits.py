"""Checks made inside the storing transaction: the daily limit and, when turned on, fair use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from bot.domain.daily_limit import check_daily_limit, limit_refusal, today_for
from bot.domain.fair_use import FAIR_USE_WINDOW, PairCount, fair_use_refusal, flags_for_giver
from bot.domain.refusals import KudosRefusal
from storage.settings_repo import FairUse
from storage.stats_repo import acts_given_between, pair_counts


def daily_limit_refusal(
    session: Session, *, team_id: str, giver_id: str, tz: str | None, limit: int, now: datetime
) -> KudosRefusal | None:
    """Refuse when the giver already gave `limit` kudos today, in their own time zone."""
    today = today_for(now=now, tz=tz)
    given = acts_given_between(
        session=session, team_id=team_id, giver_id=giver_id, start=today.start, end=today.end
    )
    reached = check_daily_limit(given_today=given, limit=limit, now=now, tz=tz)
    return limit_refusal(reached) if reached else None


def fair_use_block(
    session: Session,
    *,
    team_id: str,
    giver_id: str,
    receiver_ids: Sequence[str],
    now: datetime,
) -> KudosRefusal | None:
    """Refuse kudos that would make a flagged pattern with one of these recipients."""
    counts = pair_counts(session=session, team_id=team_id, start=now - FAIR_USE_WINDOW, end=now)
    counts += [PairCount(giver_id, receiver_id, 1) for receiver_id in receiver_ids]
    merged: dict[tuple[str, str], int] = {}
    for count in counts:
        key = (count.giver_id, count.receiver_id)
        merged[key] = merged.get(key, 0) + count.count
    flags = flags_for_giver([PairCount(g, r, n) for (g, r), n in merged.items()], giver_id)
    for flag in flags:
        other = flag.giver_id if flag.receiver_id == giver_id else flag.receiver_id
        if other in receiver_ids:
            return fair_use_refusal(flag, giver_id)
    return None


def pre_store_refusal(
    session: Session,
    *,
    settings: FairUse,
    team_id: str,
    giver_id: str,
    giver_tz: str | None,
    receiver_ids: Sequence[str],
    now: datetime,
) -> KudosRefusal | None:
    """The daily limit always; fair-use patterns only when the workspace blocks them."""
    refusal = daily_limit_refusal(
        session,
        team_id=team_id,
        giver_id=giver_id,
        tz=giver_tz,
        limit=settings.daily_limit,
        now=now,
    )
    if refusal is None and settings.block_unfair:
        refusal = fair_use_block(
            session, team_id=team_id, giver_id=giver_id, receiver_ids=receiver_ids, now=now
        )
    return refusal
