"""The app factory: a Bolt app wired to Slack's Web API, the database and the handlers."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.config import Settings
from bot.deps import Clock, Deps, utc_now
from bot.oauth import WorkspaceInstallationStore, oauth_settings
from handlers import register_all
from storage.database import Database
from storage.workspaces_repo import uninstalled_at


def make_web_client(settings: Settings, *, token: str | None = None) -> WebClient:
    """A Web API client for SLACK_API_URL that honours 429 Retry-After and retries resets."""
    return WebClient(
        token=token or settings.slack_bot_token or None,
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=1),
        ],
    )


def make_deps(settings: Settings, database: Database, clock: Clock = utc_now) -> Deps:
    """Handlers' and jobs' dependencies; with the installation store in OAuth mode."""
    store = None
    if settings.oauth_enabled and settings.slack_client_id:
        store = WorkspaceInstallationStore(
            client_id=settings.slack_client_id, database=database, clock=clock
        )
    return Deps(settings=settings, database=database, clock=clock, installation_store=store)


def web_client_for(deps: Deps, team_id: str) -> WebClient | None:
    """A client for one workspace: its installed bot's token in OAuth mode, else
    SLACK_BOT_TOKEN; None when the workspace has uninstalled the app."""
    with deps.database.transaction() as session:
        if uninstalled_at(session=session, team_id=team_id) is not None:
            return None
    if deps.installation_store is None:
        return make_web_client(deps.settings)
    bot = deps.installation_store.find_bot(enterprise_id=None, team_id=team_id)
    if bot is None or not bot.bot_token:
        return None
    return make_web_client(deps.settings, token=bot.bot_token)


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    clock: Clock = utc_now,
) -> App:
    """Build the Bolt app; listeners ack in the request thread and queue their work.

    With SLACK_CLIENT_ID/SLACK_CLIENT_SECRET it serves any workspace that installs it through
    /slack/install (OAuth); otherwise it uses SLACK_BOT_TOKEN for one workspace.
    """
    deps = make_deps(settings, database or Database.from_url(settings.database_url), clock)
    store = deps.installation_store
    oauth = None if store is None else oauth_settings(settings, store=store, database=deps.database)
    app = App(
        signing_secret=settings.slack_signing_secret,
        client=make_web_client(settings),
        oauth_settings=oauth,
        process_before_response=True,
        listener_executor=deps.after_ack_pool,
        logger=logging.getLogger("kudos.bolt"),
    )
    register_all(app, deps)
    return app
