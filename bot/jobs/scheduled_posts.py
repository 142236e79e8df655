"""The scheduled-posts job: for every channel schedule whose slot has come, claim it, then post.

The claim (storage.claims_repo) is committed before anything is sent, under a unique
(channel, kind, period) key, so restarts and parallel processes never post a slot twice.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import monotonic

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.exc import SQLAlchemyError

from bot.deps import Deps
from bot.domain.schedule import latest_slot, period_key
from bot.jobs.channel_gone import stop_lost_channel
from bot.jobs.posting import build_message, post
from bot.slack.clients import web_client_for
from bot.slack.errors import CHANNEL_UNREACHABLE
from storage.claims_repo import ClaimKey, ClaimStatus, claim_post, finish_claim, take_over_failed
from storage.schedules_repo import Schedule, all_schedules

log = logging.getLogger(__name__)

CATCH_UP_LIMIT = timedelta(hours=12)
MAX_ATTEMPTS = 5
# A claim still "sending" after this long was left by a process that died mid-post (a post
# takes seconds): it is tried again, at the risk of the one call that may have gone out.
STALE_SENDING = timedelta(minutes=10)
WORKER = f"{socket.gethostname()}:{os.getpid()}"[:64]


def run_scheduled_posts(deps: Deps, *, now: datetime, client: WebClient | None = None) -> None:
    """Post every digest and prompt whose slot has come and that nobody has claimed yet.
    A claim made minutes into a long run is stamped with the time it was made, so another
    process never takes it for one a dead process left (STALE_SENDING)."""
    with deps.database.transaction() as session:
        schedules = all_schedules(session=session)
    started = monotonic()
    for schedule in schedules:
        into_run = timedelta(seconds=monotonic() - started)
        team_client = client or web_client_for(deps, schedule.team_id)
        if team_client is None:
            log.info("no bot token for %s (uninstalled?): skipping its posts", schedule.team_id)
            continue
        try:
            run_schedule(deps, team_client, schedule, now=now, into_run=into_run)
        except Exception:  # one broken channel must not hold up the others
            log.exception("scheduled %s in %s failed", schedule.kind, schedule.channel_id)


@dataclass(frozen=True)
class Due:
    """A schedule's slot that has come, as of `now`."""

    schedule: Schedule
    key: ClaimKey
    slot: datetime
    now: datetime
    stamp: datetime  # when the claim is made: `now` and how far into the run


def run_schedule(
    deps: Deps,
    client: WebClient,
    schedule: Schedule,
    *,
    now: datetime,
    into_run: timedelta = timedelta(0),
) -> None:
    """Claim and post this schedule's latest slot, if it is due and unclaimed."""
    slot = latest_slot(schedule.weekly, now)
    if slot < schedule.active_since:
        return  # the slot came before the channel subscribed
    key = ClaimKey(
        schedule.team_id, schedule.channel_id, schedule.kind, period_key(schedule.weekly, slot)
    )
    due = Due(schedule, key, slot, now, now + into_run)
    attempt = _claim(deps, due)
    if attempt is not None:
        _attempt(deps, client, due, attempt)


def _claim(deps: Deps, due: Due) -> int | None:
    """The attempt number this process now owns, or None.

    The 12-hour limit is for the first claim only: a failed claim is retried (when its retry
    is due) up to MAX_ATTEMPTS times, however late that is, and so is one a dead process left
    sending (STALE_SENDING).
    """
    late = due.now - due.slot
    status = ClaimStatus.SKIPPED if late > CATCH_UP_LIMIT else ClaimStatus.SENDING
    with deps.database.transaction() as session:
        claimed = claim_post(
            session=session,
            key=due.key,
            slot_at=due.slot,
            status=status,
            worker=WORKER,
            now=due.stamp,
        )
        if not claimed:
            return take_over_failed(
                session=session,
                key=due.key,
                worker=WORKER,
                now=due.now,
                stamp=due.stamp,
                stale_before=due.stamp - STALE_SENDING,
                attempts_below=MAX_ATTEMPTS,
            )
    if status is ClaimStatus.SKIPPED:
        log.warning("skipped %s: %s late, more than 12 hours after its time", due.key, late)
        return None
    return 1


def _attempt(deps: Deps, client: WebClient, due: Due, attempt: int) -> None:
    channel_id = due.schedule.channel_id
    try:
        ts = post(client, channel_id, build_message(deps, client, due.schedule, due.slot))
    except SlackApiError as error:
        code = str(error.response.get("error"))
        if code in CHANNEL_UNREACHABLE:
            stop_lost_channel(deps, client, due.key, code=code, now=due.now)
        else:
            _failed(deps, due, attempt, code)
        return
    except (SlackClientError, OSError, SQLAlchemyError) as error:
        _failed(deps, due, attempt, type(error).__name__)
        return
    with deps.database.transaction() as session:
        finish_claim(
            session=session, key=due.key, status=ClaimStatus.POSTED, now=due.now, message_ts=ts
        )
    log.info("posted %s (slot %s)", due.key, due.slot.isoformat())


def retry_delay(attempt: int) -> timedelta:
    """Backoff after a failed attempt: 1, 2, 4, 8 … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** (attempt - 1), 60))


def _failed(deps: Deps, due: Due, attempt: int, reason: str) -> None:
    key = due.key
    status = ClaimStatus.FAILED if attempt < MAX_ATTEMPTS else ClaimStatus.ABANDONED
    retry_at = due.now + retry_delay(attempt) if status is ClaimStatus.FAILED else None
    with deps.database.transaction() as session:
        finish_claim(
            session=session,
            key=key,
            status=status,
            now=due.now,
            detail=reason,
            next_attempt_at=retry_at,
        )
    if retry_at is None:
        log.error("gave up on %s after %d attempts: %s", key, attempt, reason)
    else:
        log.warning("attempt %d of %s failed (%s); retrying at %s", attempt, key, reason, retry_at)
