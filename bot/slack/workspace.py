"""Single-workspace mode serves the bot token's own workspace only.

With SLACK_BOT_TOKEN (no OAuth) the token belongs to one workspace: the one Bolt's own auth.test
at start-up found, which its authorization puts in every request's context. A request from any
other workspace (the app distributed, or its Request URL reused) would otherwise get a workspace
of its own, served with the first one's token: it is refused before anything is accepted, with
no Web API call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_bolt.request.payload_utils import is_slash_command

log = logging.getLogger(__name__)

OTHER_WORKSPACE = "This app is installed for another workspace."


def refusal(body: dict[str, Any], text: str = OTHER_WORKSPACE) -> BoltResponse:
    """The answer to a request this app won't serve there: `text` privately for a slash
    command, a quiet ack for anything else (Slack retries nothing it got a 200 for)."""
    if is_slash_command(body):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    return BoltResponse(status=200, body="")


class OnlyWorkspace(Middleware):
    """A Bolt global middleware (it runs after authorization) letting through requests of the
    token's workspace, or of no workspace.

    A subclass, not a function: Bolt builds a function middleware's arguments anew for every
    request, which costs more than the check itself."""

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],  # Bolt calls it with this name
    ) -> BoltResponse:
        """Pass the request on, or refuse it with one warning."""
        requested = req.context.team_id
        authorized = req.context.authorize_result
        ours = authorized.team_id if authorized else None
        if requested is None or ours is None or requested == ours:
            return next()
        log.warning(
            "refused a request from workspace %s: SLACK_BOT_TOKEN is for workspace %s",
            requested,
            ours,
        )
        return refusal(req.body)
