"""Post kudos to Slack; expected Slack errors become notes for the giver, never crashes."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.block_kit import escape
from bot.slack_errors import CANNOT_DM
from handlers import kudos_blocks

log = logging.getLogger(__name__)

CANNOT_POST_HERE = frozenset(
    {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "ekm_access_denied"}
)


def announce(
    client: WebClient,
    *,
    channel_id: str,
    giver_id: str,
    receiver_ids: Sequence[str],
    value: Any,
    message: str,
    source_link: str | None = None,
) -> str | None:
    """Post the kudos in its channel; return a note for the giver when that was not possible."""
    try:
        client.chat_postMessage(
            channel=channel_id,
            text=kudos_blocks.announcement_fallback(
                giver_id=giver_id, receiver_ids=receiver_ids, value=value
            ),
            blocks=kudos_blocks.announcement_blocks(
                giver_id=giver_id,
                receiver_ids=receiver_ids,
                value=value,
                message=message,
                source_link=source_link,
            ),
            link_names=False,
            unfurl_links=False,
        )
    except SlackApiError as error:
        code = error.response.get("error")
        if code not in CANNOT_POST_HERE:
            raise
        log.info("could not announce kudos in %s: %s", channel_id, code)
        return (
            f"I couldn't announce it in this channel (`{code}`): invite me with "
            "`/invite @Difference Makers` to celebrate here. Your kudos is saved and "
            "everyone you thanked was told."
        )
    return None


def tell_recipients(
    client: WebClient,
    *,
    giver_id: str,
    receiver_ids: Sequence[str],
    value: Any,
    message: str,
    channel_id: str | None,
    source_link: str | None = None,
    is_private: bool = False,
) -> list[str]:
    """DM each recipient; return the ids that could not be reached."""
    blocks = kudos_blocks.direct_blocks(
        giver_id=giver_id,
        value=value,
        message=message,
        channel_id=None if is_private else channel_id,
        source_link=source_link,
        is_private=is_private,
    )
    missed = []
    for receiver_id in receiver_ids:
        try:
            client.chat_postMessage(
                channel=receiver_id,
                text=f"<@{giver_id}> gave you kudos for {escape(value.name)}",
                blocks=blocks,
                link_names=False,
            )
        except SlackApiError as error:
            if error.response.get("error") not in CANNOT_DM:
                raise
            log.info("could not DM %s: %s", receiver_id, error.response.get("error"))
            missed.append(receiver_id)
    return missed
