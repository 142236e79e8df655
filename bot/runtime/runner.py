"""Start the app: migrate, connect to Slack, then serve over HTTP or Socket Mode."""

from __future__ import annotations

import gc
import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.app import create_app
from bot.config import ConfigError, Settings
from bot.deps import Deps, make_deps
from bot.runtime.server import make_wsgi_app, serve_http
from bot.runtime.startup import (
    StartupError,
    make_worker,
    open_database,
    start_scheduler,
    wait_for_stop,
)

log = logging.getLogger(__name__)


def _connect(settings: Settings, deps: Deps) -> App:
    try:
        return create_app(settings, deps=deps, one_workspace=True)
    except BoltError as error:
        raise StartupError(
            f"Slack did not accept SLACK_BOT_TOKEN ({error}). Reinstall the app and copy "
            "the Bot User OAuth Token again."
        ) from None
    except (SlackClientError, OSError) as error:
        raise StartupError(
            f"cannot reach Slack's Web API at {settings.slack_api_url} "
            f"({type(error).__name__}). Check SLACK_API_URL and the network."
        ) from None


def _serve_socket_mode(app: App, settings: Settings) -> int:
    handler = SocketModeHandler(app, app_token=settings.slack_app_token)
    try:
        handler.connect()  # type: ignore[no-untyped-call]
    except SlackApiError as error:
        raise StartupError(
            f"Slack did not accept SLACK_APP_TOKEN ({error.response.get('error')}). Create an "
            "app-level token with the connections:write scope and enable Socket Mode."
        ) from None
    log.info("connected to Slack in Socket Mode")
    wait_for_stop()
    handler.close()  # type: ignore[no-untyped-call]
    return 0


def run_server(
    settings: Settings,
    *,
    port: int | None,
    host: str,
    socket: bool,
    scheduler: bool = True,
    worker: bool = True,
) -> int:
    """Serve until SIGTERM; Socket Mode when asked, or when an app token is set and no port.

    With `worker`, this process also runs the tasks; on SIGTERM it stops taking requests, lets
    running tasks finish within SHUTDOWN_GRACE_SECONDS and leaves the rest queued.
    """
    use_socket = socket or (settings.slack_app_token is not None and port is None)
    if use_socket and settings.slack_app_token is None:
        raise ConfigError(
            "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token "
            "(Basic Information > App-Level Tokens, scope connections:write)."
        )
    if use_socket and settings.oauth_enabled:
        raise ConfigError(
            "SLACK_CLIENT_ID is set: multi-workspace OAuth mode serves /slack/install over HTTP, "
            "so run `kudos-bot serve --port N` (or unset SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)."
        )
    database = open_database(settings)
    deps = make_deps(settings, database)
    app = _connect(settings, deps)
    tasks = make_worker(deps) if worker else None
    if tasks is not None:
        tasks.start()
    if scheduler:
        start_scheduler(settings, database)
    gc.collect()
    gc.freeze()  # what start-up built lives on: later collections need not scan it again
    if use_socket:
        _serve_socket_mode(app, settings)
    else:
        _serve_http(app, settings, deps, host=host, port=port or settings.port)
    if tasks is not None:
        tasks.stop(settings.shutdown_grace_seconds)
    return 0


def _serve_http(app: App, settings: Settings, deps: Deps, *, host: str, port: int) -> None:
    log.info("serving Slack requests on http://%s:%d/slack/events", host, port)
    if settings.oauth_enabled:
        log.info("multi-workspace OAuth mode: install at http://%s:%d/slack/install", host, port)
    # deps.cpu: while requests are being acked, this process's worker lets them go first
    serve_http(make_wsgi_app(app, deps.database, deps.cpu), host=host, port=port)
