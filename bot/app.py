"""The app factory: a Bolt app wired to the database and the listeners.

The composition root, and the only importer of handlers/.

May import: bot.config, bot.deps, bot.slack, handlers, storage.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

from bot.config import Settings
from bot.deps import Deps, make_deps
from bot.slack.clients import make_web_client
from bot.slack.oauth import InstalledOnly, oauth_settings
from bot.slack.oauth_flow import GuardedOAuthFlow
from bot.slack.workspace import OnlyWorkspace, token_team
from handlers import register_all
from storage.database import Database


class _Dropping(logging.Filter):
    """Drop the records whose message is exactly `message`."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self._message = message

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every other record."""
        return record.getMessage() != self._message


# Bolt reads SLACK_BOT_TOKEN from the environment itself and warns at every start that the
# client passed in wins over it; the client made from Settings (with SLACK_API_URL) winning is
# what the app wants, so that warning says nothing an operator could act on. Bolt copies the
# filters of the logger it is given to its own loggers.
_NO_CLIENT_WARNING = _Dropping(warning_client_prioritized_and_token_skipped())


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    deps: Deps | None = None,
    one_workspace: bool = False,
) -> App:
    """Build the Bolt app; listeners accept their task durably, then ack.

    With SLACK_CLIENT_ID/SLACK_CLIENT_SECRET it serves any workspace that installs it through
    /slack/install (OAuth); otherwise it uses SLACK_BOT_TOKEN for one workspace, and with
    `one_workspace` refuses requests from any other (its team found once, here, by auth.test).
    """
    deps = deps or make_deps(settings, database or Database.from_url(settings.database_url))
    store = deps.installation_store
    oauth = None if store is None else oauth_settings(settings, store=store, database=deps.database)
    bolt_logger = logging.getLogger("kudos.bolt")
    bolt_logger.addFilter(_NO_CLIENT_WARNING)  # once: the same filter is not added twice
    client = make_web_client(settings)
    flow = (
        None
        if oauth is None
        else GuardedOAuthFlow(client=client, settings=oauth, logger=bolt_logger)
    )
    app = App(
        signing_secret=settings.slack_signing_secret,
        client=client,
        oauth_flow=flow,
        before_authorize=None if store is None else InstalledOnly(store),
        process_before_response=True,
        logger=bolt_logger,
    )
    if oauth is None and one_workspace:
        app.use(OnlyWorkspace(token_team(app.client)))
    register_all(app, deps)
    return app
