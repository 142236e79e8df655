"""`kudos-bot digest --channel C123 [--dry-run]`: build a channel's digest now, print or post it."""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import TextIO

from slack_sdk import WebClient

from bot.blocks.digest import Message, blocks_as_text
from bot.deps import Deps
from bot.domain.schedule import DIGEST, Scope, Weekly
from bot.jobs.posting import build_message, post
from storage.schedules_repo import Schedule, schedules_in_channel

FALLBACK = Weekly(0, time(9, 0), "UTC")


def _schedule(deps: Deps, client: WebClient, channel_id: str, team_id: str | None) -> Schedule:
    """The channel's digest schedule; else its prompt's zone and the channel's members."""
    with deps.database.transaction() as session:
        found = [
            s
            for s in schedules_in_channel(session=session, channel_id=channel_id)
            if team_id is None or s.team_id == team_id
        ]
    digest = next((s for s in found if s.kind == DIGEST), None)
    if digest is not None:
        return digest
    weekly = found[0].weekly if found else FALLBACK
    team = team_id or (found[0].team_id if found else str(client.auth_test()["team_id"]))
    return Schedule(team, channel_id, DIGEST, weekly, Scope.CHANNEL, "", deps.clock())


def render(channel_id: str, message: Message) -> str:
    """Block Kit JSON, then a readable text form."""
    payload = {"channel": channel_id, "text": message.text, "blocks": message.blocks}
    return (
        json.dumps(payload, indent=2, ensure_ascii=False)
        + "\n\n--- as text ---\n"
        + blocks_as_text(message.blocks)
    )


def digest_now(
    deps: Deps,
    client: WebClient,
    *,
    channel_id: str,
    team_id: str | None,
    dry_run: bool,
    out: TextIO,
    now: datetime,
) -> None:
    """The digest of the seven local days before today; printed when `dry_run`, else posted."""
    schedule = _schedule(deps, client, channel_id, team_id)
    message = build_message(deps, client, schedule, now)
    if dry_run:
        print(render(channel_id, message), file=out)
        return
    ts = post(client, channel_id, message)
    print(f"posted the digest to {channel_id} (ts {ts})", file=out)
