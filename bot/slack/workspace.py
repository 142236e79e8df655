"""Single-workspace mode serves the bot token's own workspace only.

With SLACK_BOT_TOKEN (no OAuth) the token belongs to one workspace, found at start-up with one
auth.test call of the app's own (Bolt makes one too, and keeps its result private). A request
from any other workspace (the app distributed, or its Request URL reused) would otherwise get a
workspace of its own, served with the first one's token: it is refused before anything is
accepted, with no Web API call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_bolt.request.payload_utils import is_slash_command
from slack_sdk import WebClient

log = logging.getLogger(__name__)

OTHER_WORKSPACE = "This app is installed for another workspace."


def refusal(body: dict[str, Any], text: str = OTHER_WORKSPACE) -> BoltResponse:
    """The answer to a request this app won't serve there: `text` privately for a slash
    command, a quiet ack for anything else (Slack retries nothing it got a 200 for)."""
    if is_slash_command(body):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    return BoltResponse(status=200, body="")


def token_team(client: WebClient) -> str:
    """The workspace the client's bot token belongs to (one auth.test call, at start-up)."""
    return str(client.auth_test()["team_id"])


class OnlyWorkspace(Middleware):
    """A Bolt global middleware letting through requests of `team_id`, the token's workspace
    (or of no workspace). The team is fixed at start-up: Bolt's own authorization result names
    the request's team for the events it authorizes without auth.test (`app_uninstalled`,
    `tokens_revoked`), so it cannot tell another workspace's from ours.

    A subclass, not a function: Bolt builds a function middleware's arguments anew for every
    request, which costs more than the check itself."""

    def __init__(self, team_id: str) -> None:
        """Serve `team_id` only."""
        self._team_id = team_id

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],  # Bolt calls it with this name
    ) -> BoltResponse:
        """Pass the request on, or refuse it with one warning."""
        requested = req.context.team_id
        if requested is None or requested == self._team_id:
            return next()
        log.warning(
            "refused a request from workspace %s: SLACK_BOT_TOKEN is for workspace %s",
            requested,
            self._team_id,
        )
        return refusal(req.body)
