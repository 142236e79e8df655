"""The app factory: a Bolt app wired to the database and the listeners.

The composition root, and the only importer of handlers/.

May import: bot.config, bot.deps, bot.slack, handlers, storage.
"""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.config import Settings
from bot.deps import Deps, make_deps
from bot.slack.clients import make_web_client
from bot.slack.oauth import InstalledOnly, oauth_settings
from bot.slack.workspace import OnlyWorkspace, token_team
from handlers import register_all
from storage.database import Database


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
    app = App(
        signing_secret=settings.slack_signing_secret,
        client=make_web_client(settings),
        oauth_settings=oauth,
        before_authorize=None if store is None else InstalledOnly(store),
        process_before_response=True,
        logger=logging.getLogger("kudos.bolt"),
    )
    if oauth is None and one_workspace:
        app.use(OnlyWorkspace(token_team(app.client)))
    register_all(app, deps)
    return app
