"""The app factory: a Bolt app wired to the database and the handlers, and its worker."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.config import Settings
from bot.deps import Clock, Deps, utc_now
from bot.oauth import WorkspaceInstallationStore, oauth_settings
from bot.runtime.worker import Worker
from bot.services.catalog import TASK_HANDLERS
from bot.slack.clients import make_web_client
from handlers import register_all
from storage.database import Database


def make_deps(settings: Settings, database: Database, clock: Clock = utc_now) -> Deps:
    """Listeners', tasks' and jobs' dependencies; with the installation store in OAuth mode."""
    store = None
    if settings.oauth_enabled and settings.slack_client_id:
        store = WorkspaceInstallationStore(
            client_id=settings.slack_client_id, database=database, clock=clock
        )
    return Deps(settings=settings, database=database, clock=clock, installation_store=store)


def make_worker(deps: Deps) -> Worker:
    """The worker for these deps, woken whenever this process accepts a request."""
    worker = Worker(deps, TASK_HANDLERS)
    deps.wakeup.subscribe(worker.wake)
    return worker


def create_app(
    settings: Settings, *, database: Database | None = None, deps: Deps | None = None
) -> App:
    """Build the Bolt app; listeners accept their task durably, then ack.

    With SLACK_CLIENT_ID/SLACK_CLIENT_SECRET it serves any workspace that installs it through
    /slack/install (OAuth); otherwise it uses SLACK_BOT_TOKEN for one workspace.
    """
    deps = deps or make_deps(settings, database or Database.from_url(settings.database_url))
    store = deps.installation_store
    oauth = None if store is None else oauth_settings(settings, store=store, database=deps.database)
    app = App(
        signing_secret=settings.slack_signing_secret,
        client=make_web_client(settings),
        oauth_settings=oauth,
        process_before_response=True,
        logger=logging.getLogger("kudos.bolt"),
    )
    register_all(app, deps)
    return app
