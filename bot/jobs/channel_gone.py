"""When Slack says a channel is lost: stop its schedules and tell each subscriber by DM."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from storage.claims_repo import ClaimKey, ClaimStatus, finish_claim
from storage.schedules_repo import Unsubscribed, unsubscribe

log = logging.getLogger(__name__)

_WHAT = {"digest": "weekly digest", "prompt": "weekly reflection prompt"}


def stop_lost_channel(
    deps: Deps, client: WebClient, key: ClaimKey, *, code: str, now: datetime
) -> None:
    """Remove every schedule of the channel, close the claim, and DM each subscriber."""
    with deps.database.transaction() as session:
        removed = unsubscribe(
            session=session, team_id=key.team_id, channel_id=key.channel_id, kind=None
        )
        finish_claim(session=session, key=key, status=ClaimStatus.GONE, now=now, detail=code)
    log.warning("unsubscribed %s: Slack said %s", key.channel_id, code)
    for user_id, kinds in sorted(_kinds_by_subscriber(removed).items()):
        try:
            client.chat_postMessage(channel=user_id, text=stopped_text(key.channel_id, kinds, code))
        except SlackApiError as error:
            log.info("could not tell %s: %s", user_id, error.response.get("error"))


def _kinds_by_subscriber(removed: list[Unsubscribed]) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for schedule in removed:
        kinds.setdefault(schedule.subscribed_by, []).append(schedule.kind)
    return kinds


def stopped_text(channel_id: str, kinds: list[str], code: str) -> str:
    """The DM to one subscriber, naming each of their schedules that stopped."""
    what = " and the ".join(_WHAT[kind] for kind in kinds)
    commands = " and ".join(f"`/kudos {kind} on`" for kind in kinds)
    return (
        f"I stopped the {what} in <#{channel_id}>: I can't post there any more (`{code}`). "
        "If the channel still exists, invite me with `/invite @Difference Makers` and run "
        f"{commands} there again."
    )
