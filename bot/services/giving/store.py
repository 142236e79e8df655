"""Store a kudos once and, in the same transaction, queue everything that follows from it."""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.blocks import kudos as kudos_blocks
from bot.domain.tasks import NewTask, TaskClass, post_lane
from bot.domain.values import ShownValue, match_value, values_with_word
from bot.services.giving.limits import pre_store_refusal
from bot.services.giving.request import REACTION, GiveRequest
from bot.services.home import home_refresh_task, recent_home_viewers
from bot.services.replies import ReplyTo, reply_task
from storage.kudos_repo import add_kudos, is_recorded
from storage.locks import lock_giver
from storage.models import CompanyValue
from storage.settings_repo import fair_use_settings, preferences_of
from storage.tasks_repo import add_tasks, queue_coalesced
from storage.values_repo import ensure_workspace, list_values

log = logging.getLogger(__name__)

HOME_REFRESH_DELAY = timedelta(seconds=0.5)  # a burst of kudos republishes a Home once


def _refusal(
    session: Session, request: GiveRequest, giver_tz: str | None, now: datetime
) -> CompanyValue | str:
    """The value to store the kudos under, or why it can't be stored (unknown value, daily
    limit, fair use)."""
    team_id = request.team_id
    values = list_values(session=session, team_id=team_id)  # one read, hit or miss
    value = match_value(values, request.value)
    if value is None:
        by_word = values_with_word(values, request.value)
        if len(by_word) != 1:
            refusal = kudos_blocks.unknown_value_refusal(request.value, by_word)
            return kudos_blocks.refusal_text(refusal, values)
        value = by_word[0]
    limited = pre_store_refusal(
        session,
        settings=fair_use_settings(session=session, team_id=team_id),
        team_id=team_id,
        giver_id=request.giver_id,
        giver_tz=giver_tz,
        receiver_ids=request.recipient_ids,
        now=now,
    )
    return value if limited is None else kudos_blocks.refusal_text(limited)


def _step(kind: str, key: str, team_id: str, lane: str, payload: dict[str, Any]) -> NewTask:
    """A post to one channel or DM; queued with its parent, which sets its time in the lane."""
    return NewTask(
        kind=kind,
        key=key,
        klass=TaskClass.GIVING,
        team_id=team_id,
        payload=payload,
        run_at=datetime.min.replace(tzinfo=UTC),  # as soon as its lane allows
        lane=post_lane(team_id, lane),
    )


def _delivery(
    request: GiveRequest,
    *,
    act_id: str,
    value: ShownValue,
    quiet: frozenset[str],
    reply_to: ReplyTo,
    now: datetime,
) -> NewTask:
    """The giver's confirmation, waiting for the announcement and each DM."""
    team, private, channel = request.team_id, request.is_private, request.channel_id
    common: dict[str, Any] = {
        "giver_id": request.giver_id,
        "value": {"name": value.name, "emoji": value.emoji},
        "message": request.message,
        "source_link": request.source_link,
        **reply_to.token_field(),  # a workflow step's steps call Slack with its token
    }
    loud = [r for r in request.recipient_ids if r not in quiet]
    steps = []
    if not private and channel and loud:
        announce = {**common, "channel_id": channel, "receiver_ids": loud}
        steps.append(_step("announce", f"announce:{act_id}", team, channel, announce))
    for receiver in request.recipient_ids:
        dm = {**common, "receiver_id": receiver, "is_private": private}
        dm["channel_id"] = None if private else channel
        steps.append(_step("dm", f"dm:{act_id}:{receiver}", team, receiver, dm))
    confirm = {**common, "receiver_ids": list(request.recipient_ids), "channel_id": channel}
    confirm |= {"is_private": private, "quiet": sorted(quiet), "reply_to": reply_to.to_payload()}
    confirm["act_id"] = act_id
    if request.left_out:  # group members who can't receive kudos: the giver hears who
        confirm["left_out"] = list(request.left_out)
    if request.via == REACTION:  # the giver typed nothing: offer to add a few words
        confirm["add_words"] = request.request_key
    return NewTask(
        kind="confirm",
        key=f"confirm:{act_id}",
        klass=TaskClass.GIVING,
        team_id=team,
        payload=confirm,
        run_at=now,
        children=tuple(steps),
    )


def store_and_queue(
    session: Session,
    request: GiveRequest,
    *,
    giver_tz: str | None,
    reply_to: ReplyTo,
    now: datetime,
    refusal_key: str | None = None,
) -> None:
    """Store the act once (a retry stores nothing) and queue its delivery, or the refusal
    (once per `refusal_key` and reason, by default once per request)."""
    team_id = request.team_id
    ensure_workspace(session=session, team_id=team_id, now=now)
    lock_giver(session, team_id=team_id, giver_id=request.giver_id)
    if is_recorded(session=session, team_id=team_id, request_key=request.request_key):
        log.info("duplicate delivery of request %s ignored", request.request_key)
        return
    value = _refusal(session, request, giver_tz, now)
    if isinstance(value, str):
        key = f"refusal:{team_id}:{request.request_key}"
        if refusal_key is not None:  # a different reason is told too (daily limit, fair use)
            key = f"{refusal_key}:{hashlib.sha256(value.encode()).hexdigest()[:16]}"
        task = reply_task(key=key, team_id=team_id, reply_to=reply_to, text=value, now=now)
        add_tasks(session=session, tasks=[task], now=now)
        return
    act_id = uuid.uuid4().hex
    add_kudos(
        session=session,
        team_id=team_id,
        giver_id=request.giver_id,
        receiver_ids=request.recipient_ids,
        value_id=value.id or 0,
        message=request.message,
        channel_id=request.channel_id,
        request_key=request.request_key,
        created_at=now,
        is_private=request.is_private,
        source_link=request.source_link,
        act_id=act_id,
    )
    prefs = preferences_of(session=session, team_id=team_id, user_ids=request.recipient_ids)
    quiet = frozenset(u for u, p in prefs.items() if p.no_public_announce)
    shown = ShownValue(value.name, value.emoji)
    add_tasks(
        session=session,
        tasks=[
            _delivery(request, act_id=act_id, value=shown, quiet=quiet, reply_to=reply_to, now=now)
        ],
        now=now,
    )
    everyone = (request.giver_id, *request.recipient_ids)
    for user_id in sorted(
        recent_home_viewers(session, team_id=team_id, user_ids=everyone, now=now)
    ):
        refresh = home_refresh_task(team_id, user_id, run_at=now + HOME_REFRESH_DELAY)
        queue_coalesced(session=session, task=refresh, now=now)
