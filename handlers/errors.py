"""The one place unexpected errors go: log them, and tell the person something went wrong."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt import Respond

from bot.deps import Deps
from bot.runtime.intake import NotAcceptedError

log = logging.getLogger(__name__)


def handle_error(error: Exception, body: dict[str, Any], respond: Respond | None) -> None:
    """Log an unexpected error with a reference, and give the user that reference privately.
    A request the intake could not record is expected, not unexpected: the intake logged why,
    and it is answered at once with the 500 that has Slack retry it or show its own error (a
    post to its response_url here would come before that answer, and could outlast Slack's 3 s)."""
    if isinstance(error, NotAcceptedError):
        log.warning("answered %s request with a 500: %s", body.get("type") or "command", error)
        return
    reference = uuid.uuid4().hex[:8]
    log.error(
        "unhandled error %s in %s request",
        reference,
        body.get("type") or "command",
        exc_info=error,
    )
    if respond is not None and body.get("response_url"):
        respond(
            text=(
                f":warning: Something went wrong on our side (reference `{reference}`). "
                "Please try again in a minute; if it keeps happening, tell your Slack admin."
            ),
            response_type="ephemeral",
            replace_original=False,
        )


def register(app: Any, deps: Deps) -> None:
    """Register the global error handler (it needs no deps: one signature for every surface)."""
    app.error(handle_error)
