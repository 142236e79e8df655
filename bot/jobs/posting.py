"""Build a channel's scheduled message (digest or prompt) and post it to Slack."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from bot.blocks.digest import Message, compose_digest, prompt_message
from bot.deps import Deps
from bot.domain.prompts import prompt_for
from bot.domain.schedule import PROMPT, Scope, slot_day, week_before
from storage.digest_repo import week_kudos
from storage.schedules_repo import Schedule

MEMBERS_PAGE = 1000


def channel_members(client: WebClient, channel_id: str) -> set[str]:
    """Everyone in the channel (Slack's member list, every page)."""
    members: set[str] = set()
    cursor = None
    while True:
        page = client.conversations_members(channel=channel_id, limit=MEMBERS_PAGE, cursor=cursor)
        members.update(page.get("members") or [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return members


def build_message(deps: Deps, client: WebClient, schedule: Schedule, slot: datetime) -> Message:
    """The message for the slot: the week before it (digest), or this week's prompt."""
    prompt = prompt_for(schedule.channel_id, slot_day(schedule.weekly, slot))
    if schedule.kind == PROMPT:
        return prompt_message(prompt)
    start, end = week_before(schedule.weekly, slot)
    receivers = None
    if schedule.scope is Scope.CHANNEL:
        receivers = channel_members(client, schedule.channel_id)
    with deps.database.transaction() as session:
        week = week_kudos(
            session=session,
            team_id=schedule.team_id,
            start=start,
            end=end,
            receiver_ids=receivers,
        )
    return compose_digest(week, start=start, end=end, tz=schedule.weekly.tz, prompt=prompt)


def post(client: WebClient, channel_id: str, message: Message) -> str:
    """Post the message; return its timestamp."""
    response = client.chat_postMessage(
        channel=channel_id,
        text=message.text,
        blocks=message.blocks,
        unfurl_links=False,
        unfurl_media=False,
    )
    return str(response.get("ts") or "")
