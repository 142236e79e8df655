"""Multi-workspace OAuth mode: installations and OAuth states kept in the app's own database."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.middleware import Middleware
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.config import Settings
from bot.slack.tokens import BotTokens
from bot.slack.workspace import refusal
from storage.database import Database
from storage.slack_tables import BOTS_TABLE, INSTALLATIONS_TABLE, OAUTH_STATES_TABLE
from storage.values_repo import ensure_workspace
from storage.workspaces_repo import clear_uninstalled

if TYPE_CHECKING:  # bot.deps builds the store: no import back at run time
    from bot.deps import Clock

log = logging.getLogger(__name__)

BOT_SCOPES = (
    "channels:history",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:read",
    "im:write",
    "reactions:read",
    "usergroups:read",
    "users:read",
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_EXPIRATION_SECONDS = 600


class WorkspaceInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy store; saving an installation also clears an uninstalled mark
    and makes this process forget the workspace's token it remembered (`tokens`)."""

    def __init__(
        self,
        *,
        client_id: str,
        database: Database,
        clock: Clock,
        tokens: BotTokens | None = None,
    ) -> None:
        """Keep installations for `client_id` in `database` (tables made by migration 0003)."""
        super().__init__(
            client_id=client_id,
            engine=database.engine,
            bots_table_name=BOTS_TABLE,
            installations_table_name=INSTALLATIONS_TABLE,
        )
        self._database = database
        self._clock = clock
        self._tokens = tokens

    def save(self, installation: Installation) -> None:
        """Store the installation, then record the workspace (again) as installed."""
        super().save(installation)
        if installation.team_id is None:
            return
        with self._database.transaction() as session:
            ensure_workspace(session=session, team_id=installation.team_id, now=self._clock())
            if clear_uninstalled(session=session, team_id=installation.team_id):
                log.info("workspace %s installed the app again", installation.team_id)
        if self._tokens is not None:  # the next task uses the new token, not the one remembered
            self._tokens.forget(installation.team_id)


NOT_INSTALLED = "This app is not installed in this workspace (any more): ask an admin to add it."
_FOUND = "stored_bot"  # where InstalledOnly leaves the bot it found, for StoredBotAuthorize
# Slack's checks of the request URL name no workspace: passed on, for Bolt to answer (as its
# own authorization does). Bolt's UrlVerification runs after this middleware.
_NO_WORKSPACE_NEEDED = frozenset({"url_verification", "ssl_check"})


class InstalledOnly(Middleware):
    """Before Bolt authorizes: a request from a workspace with no installation is answered
    quietly here, with one warning. Bolt would log an ERROR and post to the request's
    response_url before the ack."""

    def __init__(self, store: InstallationStore) -> None:
        """Look bots up in `store`."""
        self._store = store

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],
    ) -> BoltResponse:
        """Pass the request on with its bot found, or answer it without one."""
        context = req.context
        if req.body.get("type") in _NO_WORKSPACE_NEEDED:
            return next()
        if context.team_id is None and context.enterprise_id is None:
            log.warning("malformed request ignored: it names no workspace")
            return BoltResponse(status=200, body="")
        bot = self._store.find_bot(
            enterprise_id=context.enterprise_id,
            team_id=context.team_id,
            is_enterprise_install=context.is_enterprise_install,
        )
        if bot is not None and bot.bot_token:
            context[_FOUND] = bot
            return next()
        log.warning("request from workspace %s, where the app is not installed", context.team_id)
        return refusal(req.body, NOT_INSTALLED)


class StoredBotAuthorize(Authorize):
    """Who the app is in a workspace, from its stored installation alone. Bolt's default asks
    Slack's auth.test on every request, before the ack: a Web API call the ack must not wait on."""

    def __init__(self, store: InstallationStore) -> None:
        """Read bots from `store`."""
        super().__init__()  # type: ignore[no-untyped-call]
        self._store = store

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_actor: str | None,
    ) -> AuthorizeResult | None:
        """The stored bot of the request's workspace, or None when it is not installed."""
        bot = context.get(_FOUND) or self._store.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=context.is_enterprise_install,
        )
        if bot is None or not bot.bot_token:
            return None
        return AuthorizeResult(
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )


def oauth_settings(
    settings: Settings, *, store: InstallationStore, database: Database
) -> OAuthSettings:
    """Bolt's OAuth flow: install at /slack/install, redirect to /slack/oauth_redirect; requests
    are authorized from the stored installation (`StoredBotAuthorize`)."""
    flow = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRATION_SECONDS,
            engine=database.engine,
            table_name=OAUTH_STATES_TABLE,
        ),
        state_expiration_seconds=STATE_EXPIRATION_SECONDS,
    )
    flow.authorize = StoredBotAuthorize(store)
    return flow
