"""`/kudos @people #value message`: parse the text, then the shared give pipeline."""

from __future__ import annotations

import uuid
from typing import Any

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.kudos_text import KudosRefusal, parse_kudos
from handlers import kudos_blocks
from handlers.give import GiveRequest, give


def give_kudos_from_command(
    command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext, deps: Deps
) -> None:
    """Parse the command text and give kudos; every answer is private."""

    def answer(text: str) -> None:
        respond(text=text, response_type="ephemeral")

    parsed = parse_kudos(command.get("text", ""))
    if isinstance(parsed, KudosRefusal):
        answer(kudos_blocks.refusal_text(parsed))
        return
    request = GiveRequest(
        team_id=command["team_id"],
        giver_id=command["user_id"],
        recipient_ids=parsed.recipient_ids,
        value=parsed.value,
        message=parsed.message,
        channel_id=command.get("channel_id"),
        request_key=command.get("trigger_id") or uuid.uuid4().hex,
    )
    give(request, client=client, deps=deps, app_user_id=context.bot_user_id, answer=answer)
