"""Refuse, before any listener, a request whose envelope Bolt itself cannot read.

Bolt picks the listener from `view`, `actions`, `event`, … and would fail on a signed payload
where those have the wrong shape; such a request gets 400 and one warning instead. Over HTTP the
gate (bot.runtime.http_guard) has refused such a body already, so this is for Socket Mode. What each
listener reads beyond the envelope, the listener checks (see handlers.accept).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.deps import Deps
from bot.domain.envelope import ENVELOPE_CHECKED, envelope_problem

log = logging.getLogger(__name__)


class RefuseMalformed(Middleware):
    """A global middleware: 400 for an envelope Bolt cannot read, else on to the listeners.

    A subclass, not a function: Bolt builds a function middleware's arguments from the very
    fields that are malformed."""

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],  # Bolt calls it with this name
    ) -> BoltResponse:
        """Answer 400 with one warning, or pass the request on (at once when the HTTP gate
        checked the envelope already; Socket Mode's requests come here unchecked)."""
        if req.context.get(ENVELOPE_CHECKED):
            return next()
        problem = envelope_problem(req.body)
        if problem is None:
            return next()
        log.warning("malformed request refused with 400: %s", problem)
        return BoltResponse(status=400, body="")


def register(app: Any, deps: Deps) -> None:
    """Register the middleware (it needs no deps: one signature for every module)."""
    app.use(RefuseMalformed())
