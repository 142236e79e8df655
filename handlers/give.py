"""The one "give kudos" pipeline behind `/kudos` and the modal: check, store once, tell everyone."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlmodel import Session

from bot.deps import Deps
from bot.kudos_text import MAX_RECIPIENTS, KudosRefusal, RefusalCode, check_message
from bot.rules import check_recipients
from handlers import kudos_blocks
from handlers.give_checks import pre_store_refusal
from handlers.give_delivery import Stored, deliver
from handlers.home import recent_home_viewers, refresh_homes
from storage.kudos_repo import add_kudos, is_recorded
from storage.locks import lock_giver
from storage.settings_repo import fair_use_settings, preferences_of
from storage.values_repo import ensure_workspace, find_value, list_values

log = logging.getLogger(__name__)

Answer = Callable[[str], None]


@dataclass(frozen=True)
class GiveRequest:
    """A kudos someone asked to give, from the command or the modal."""

    team_id: str
    giver_id: str
    recipient_ids: tuple[str, ...]
    value: str
    message: str
    channel_id: str | None
    request_key: str
    is_private: bool = False
    source_link: str | None = None


def _record(session: Session, request: GiveRequest, value_id: int, now: datetime) -> bool:
    recorded = add_kudos(
        session=session,
        team_id=request.team_id,
        giver_id=request.giver_id,
        receiver_ids=request.recipient_ids,
        value_id=value_id,
        message=request.message,
        channel_id=request.channel_id,
        request_key=request.request_key,
        created_at=now,
        is_private=request.is_private,
        source_link=request.source_link,
    )
    return recorded.created


def _store(deps: Deps, request: GiveRequest, giver_tz: str | None) -> Stored | str | None:
    """Store the act; a refusal text when refused, None when this request was already stored."""
    team_id, now = request.team_id, deps.clock()
    with deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=now)
        value = find_value(session=session, team_id=team_id, typed=request.value)
        if value is None:
            values = list_values(session=session, team_id=team_id)
            refusal = kudos_blocks.unknown_value_refusal(request.value)
            return kudos_blocks.refusal_text(refusal, values)
        lock_giver(session, team_id=team_id, giver_id=request.giver_id)
        if is_recorded(session=session, team_id=team_id, request_key=request.request_key):
            return None  # a retry: never count it against the limit it helped reach
        limited = pre_store_refusal(
            session,
            settings=fair_use_settings(session=session, team_id=team_id),
            team_id=team_id,
            giver_id=request.giver_id,
            giver_tz=giver_tz,
            receiver_ids=request.recipient_ids,
            now=now,
        )
        if limited is not None:
            return kudos_blocks.refusal_text(limited)
        if not _record(session, request, value.id or 0, now):
            return None
        prefs = preferences_of(session=session, team_id=team_id, user_ids=request.recipient_ids)
        viewers = recent_home_viewers(
            session, team_id=team_id, user_ids=(request.giver_id, *request.recipient_ids), now=now
        )
    quiet = frozenset(u for u, p in prefs.items() if p.no_public_announce)
    return Stored(value, quiet, frozenset(viewers))


def check_request(request: GiveRequest) -> KudosRefusal | None:
    """The rules that need no lookup: someone to thank, not too many, a fitting message."""
    if not request.recipient_ids:
        return KudosRefusal(RefusalCode.NO_RECIPIENT, "Pick at least one person to thank.")
    if len(request.recipient_ids) > MAX_RECIPIENTS:
        return KudosRefusal(
            RefusalCode.TOO_MANY_RECIPIENTS, f"One kudos can thank at most {MAX_RECIPIENTS} people."
        )
    return check_message(request.message)


def check_people(
    deps: Deps, client: WebClient, request: GiveRequest, app_user_id: str | None
) -> KudosRefusal | None:
    """No self-kudos, no bots, nobody deactivated (users.info, cached)."""
    people = deps.people.lookup(client, request.team_id, request.recipient_ids)
    return check_recipients(people, giver_id=request.giver_id, app_user_id=app_user_id)


def give(
    request: GiveRequest,
    *,
    client: WebClient,
    deps: Deps,
    app_user_id: str | None,
    answer: Answer,
) -> bool:
    """Validate, store exactly once, announce, DM the recipients and answer the giver privately."""
    refusal = check_request(request) or check_people(deps, client, request, app_user_id)
    if refusal is not None:
        answer(kudos_blocks.refusal_text(refusal))
        return False
    giver = deps.people.person(client, request.team_id, request.giver_id)
    outcome = _store(deps, request, giver.tz)
    if isinstance(outcome, str):
        answer(outcome)
        return False
    if outcome is None:
        log.info("duplicate delivery of request %s ignored", request.request_key)
        return False
    notes = deliver(client, request, outcome)
    answer(
        kudos_blocks.confirmation_text(
            receiver_ids=request.recipient_ids, value=outcome.value, notes=notes
        )
    )
    everyone = (request.giver_id, *request.recipient_ids)
    viewers = [user_id for user_id in everyone if user_id in outcome.home_viewers]
    refresh_homes(client, deps, request.team_id, viewers)
    return True
