"""The "Give kudos" modal: open it, validate it inline in the ack, give what it describes."""

from __future__ import annotations

import hashlib
import json
import logging
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.deps import Deps
from bot.kudos_text import MAX_RECIPIENTS
from bot.rules import Person
from handlers import modal_blocks, modal_input
from handlers.after_ack import Incoming, Validate
from handlers.give import Answer, GiveRequest, give
from storage.values_repo import ensure_workspace, list_values

log = logging.getLogger(__name__)

GLOBAL_SHORTCUT = "give_kudos"
MESSAGE_SHORTCUT = "give_kudos_for_message"
ACK_LOOKUP_BUDGET = 1.5  # seconds of users.info lookups an ack may spend (Slack allows 3)
_lookups = ThreadPoolExecutor(8, thread_name_prefix="ack-lookup")


def open_kudos_modal(
    client: WebClient,
    deps: Deps,
    *,
    trigger_id: str,
    team_id: str,
    recipients: tuple[str, ...] = (),
    channel_id: str | None = None,
    source_link: str | None = None,
) -> None:
    """Open the modal with the workspace's active values (trigger_ids live for 3 seconds)."""
    with deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=team_id, now=deps.clock())
        values = list_values(session=session, team_id=team_id)
    view = modal_blocks.kudos_modal(
        values, recipients=recipients, channel_id=channel_id, source_link=source_link
    )
    client.views_open(trigger_id=trigger_id, view=view)


def message_link(payload: dict[str, Any]) -> str | None:
    """The permalink of the message a message shortcut was used on."""
    domain = (payload.get("team") or {}).get("domain")
    channel = (payload.get("channel") or {}).get("id")
    ts = payload.get("message_ts") or (payload.get("message") or {}).get("ts")
    if not (domain and channel and ts):
        return None
    return f"https://{domain}.slack.com/archives/{channel}/p{str(ts).replace('.', '')}"


def _people_within_budget(
    deps: Deps, client: WebClient, team_id: str, user_ids: tuple[str, ...]
) -> list[Person]:
    """Recipients looked up in parallel; whoever isn't known in time is checked after the ack."""
    futures = [_lookups.submit(deps.people.person, client, team_id, u) for u in user_ids]
    done, _late = wait(futures, timeout=ACK_LOOKUP_BUDGET)
    people = []
    for future in done:
        try:
            people.append(future.result())
        except (SlackClientError, OSError) as error:
            log.warning("users.info failed during validation (checked again later): %s", error)
    return people


def validator(deps: Deps) -> Validate:
    """Inline validation for the ack: pure checks plus users.info within a time budget."""

    def validate(body: dict[str, Any], client: WebClient, context: BoltContext) -> dict[str, str]:
        given = modal_input.read_submission(body["view"])
        team_id, giver_id = str(context.team_id), body["user"]["id"]
        ids = given.recipient_ids[:MAX_RECIPIENTS]
        people = _people_within_budget(deps, client, team_id, ids) if giver_id not in ids else []
        return modal_input.submission_errors(
            given, giver_id=giver_id, people=people, app_user_id=context.bot_user_id
        )

    return validate


def submission_key(view: dict[str, Any]) -> str:
    """The same for a double-clicked or retried submission of one view, so it's stored once."""
    state = json.dumps(view.get("state", {}), sort_keys=True, separators=(",", ":"))
    return f"view:{view.get('id')}:{hashlib.sha256(state.encode()).hexdigest()[:32]}"


def _dm(client: WebClient, user_id: str) -> Answer:
    def answer(text: str) -> None:
        client.chat_postMessage(channel=user_id, text=text, link_names=False)

    return answer


def handle_submission(call: Incoming, deps: Deps) -> None:
    """Give the kudos the modal describes; the giver hears back by DM from the app."""
    view, giver_id = call.body["view"], call.body["user"]["id"]
    given = modal_input.read_submission(view)
    request = GiveRequest(
        team_id=str(call.context.team_id),
        giver_id=giver_id,
        recipient_ids=given.recipient_ids,
        value=given.value or "",
        message=given.message,
        channel_id=given.channel_id,
        request_key=submission_key(view),
        is_private=given.is_private,
        source_link=given.source_link,
    )
    give(
        request,
        client=call.client,
        deps=deps,
        app_user_id=call.context.bot_user_id,
        answer=_dm(call.client, giver_id),
    )
