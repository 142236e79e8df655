"""The OAuth redirect, answered with Bolt's failure page when Slack or the database fails."""

from __future__ import annotations

import logging
from http.client import HTTPException

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import FailureArgs
from slack_sdk.errors import SlackClientError
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

# Slack out of reach while the code is exchanged (oauth.v2.access, then auth.test); Bolt handles
# Slack's error answers itself, and lets these out of the WSGI app as a bare 500.
UNREACHABLE = (OSError, HTTPException, SlackClientError)
SLACK_UNREACHABLE = "slack_unreachable"
STORAGE_ERROR = "storage_error"  # Bolt's own reason for an installation it could not store


class GuardedOAuthFlow(OAuthFlow):
    """Bolt's OAuth flow; an installation that fails because Slack cannot be reached or the
    database fails ends on Bolt's failure page, with one log line and no traceback."""

    def handle_callback(self, request: BoltRequest) -> BoltResponse:
        """Bolt's redirect handling, its expected failures turned into a failure page."""
        try:
            response: BoltResponse = super().handle_callback(request)
        except SQLAlchemyError as error:
            log.error("installation failed: database error (%s)", type(error).__name__)
            return self._failure(request, STORAGE_ERROR, error, 500)
        except UNREACHABLE as error:
            log.warning("installation failed: Slack unreachable (%s)", type(error).__name__)
            return self._failure(request, SLACK_UNREACHABLE, error, 502)
        return response

    def _failure(
        self, request: BoltRequest, reason: str, error: Exception, status: int
    ) -> BoltResponse:
        args = FailureArgs(
            request=request,
            reason=reason,
            error=error,
            suggested_status_code=status,
            settings=self.settings,
            default=self.default_callback_options,
        )
        failure: BoltResponse = self.failure_handler(args)
        return failure
