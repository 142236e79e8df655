"""Single-workspace mode serves the bot token's own workspace only.

With SLACK_BOT_TOKEN (no OAuth) the token belongs to one workspace, found once at start-up with
auth.test. A request from any other workspace (the app distributed, or its Request URL reused)
would otherwise get a workspace of its own, served with the first one's token: it is refused
before anything is accepted, with no Web API call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from slack_bolt.request.payload_utils import is_slash_command
from slack_sdk import WebClient

log = logging.getLogger(__name__)

OTHER_WORKSPACE = "This app is installed for another workspace."

Middleware = Callable[..., BoltResponse | None]


def token_team(client: WebClient) -> str:
    """The workspace the client's bot token belongs to (one auth.test call, at start-up)."""
    return str(client.auth_test()["team_id"])


def refusal(body: dict[str, Any]) -> BoltResponse:
    """The answer to a request from another workspace: one private line for a slash command,
    a quiet ack for anything else (Slack retries nothing it got a 200 for)."""
    if is_slash_command(body):
        return BoltResponse(
            status=200, body={"response_type": "ephemeral", "text": OTHER_WORKSPACE}
        )
    return BoltResponse(status=200, body="")


def only_workspace(team_id: str) -> Middleware:
    """A Bolt global middleware letting through requests of `team_id` (or of no workspace)."""

    def one_workspace(
        context: BoltContext, body: dict[str, Any], next_: Callable[[], BoltResponse | None]
    ) -> BoltResponse | None:
        requested = context.team_id
        if requested is None or requested == team_id:
            return next_()
        log.warning(
            "refused a request from workspace %s: SLACK_BOT_TOKEN is for workspace %s",
            requested,
            team_id,
        )
        return refusal(body)

    return one_workspace
