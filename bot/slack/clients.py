"""Web API clients: one per workspace token, honouring Slack's holds, and letting others run
while they wait on the network."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any
from urllib.request import Request

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.webhook import WebhookClient, WebhookResponse

from bot.config import Settings
from bot.slack.holds import SlackHolds, hold_key
from storage.database import Database
from storage.workspaces_repo import uninstalled_at

if TYPE_CHECKING:
    from bot.deps import Deps

IoWait = Callable[[], AbstractContextManager[None]]
TIMEOUT_SECONDS = 10


def make_web_client(settings: Settings, *, token: str | None = None) -> WebClient:
    """A client for SLACK_API_URL that honours 429 Retry-After and retries resets in place
    (for the CLI and start-up, where nothing else waits on the thread)."""
    return WebClient(
        token=token or settings.slack_bot_token or None,
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=1),
        ],
    )


def _retry_after(error: SlackApiError) -> float:
    headers = error.response.headers or {}
    raw = headers.get("Retry-After") or headers.get("retry-after") or "1"
    value = raw[0] if isinstance(raw, list) else raw
    try:
        return float(value)
    except ValueError:
        return 1.0


class WorkerWebClient(WebClient):
    """A client for work after the ack: no retry sleeps in the thread; a held method raises
    `Held`; the network wait runs inside `io_wait` (which lets other work have the CPU)."""

    def __init__(self, *, team_id: str | None, holds: SlackHolds, io_wait: IoWait, **kw: Any):
        """A client for `team_id` (kw as for WebClient)."""
        super().__init__(retry_handlers=[], timeout=TIMEOUT_SECONDS, **kw)
        self._team_id = team_id
        self._holds = holds
        self._io_wait = io_wait

    def api_call(self, api_method: str, **kw: Any) -> Any:
        """Make the call unless Slack holds it back; a 429 starts a hold."""
        args = kw.get("json") or kw.get("data") or kw.get("params") or {}
        key = hold_key(self._team_id, api_method, args.get("channel"))
        self._holds.check(key)
        try:
            return super().api_call(api_method, **kw)
        except SlackApiError as error:
            if error.response.status_code == 429:
                self._holds.hold(key, _retry_after(error))
            raise

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        with self._io_wait():
            result: dict[str, Any] = super()._perform_urllib_http_request_internal(url, req)
            return result


class WorkerWebhookClient(WebhookClient):
    """A response_url client whose network wait runs inside `io_wait`; like WorkerWebClient,
    no retry sleeps in the thread (nor posts twice after a reset): the step is retried."""

    def __init__(self, url: str, *, io_wait: IoWait) -> None:
        """A client for one response_url."""
        super().__init__(url, timeout=TIMEOUT_SECONDS, retry_handlers=[])
        self._io_wait = io_wait

    def _perform_http_request_internal(self, url: str, req: Request) -> WebhookResponse:
        with self._io_wait():
            response: WebhookResponse = super()._perform_http_request_internal(url, req)
            return response


def bot_token(
    database: Database,
    settings: Settings,
    store: InstallationStore | None,
    team_id: str,
) -> str | None:
    """The workspace's bot token (its installation's in OAuth mode, else SLACK_BOT_TOKEN);
    None when the workspace has uninstalled the app."""
    with database.transaction() as session:
        if uninstalled_at(session=session, team_id=team_id) is not None:
            return None
    if store is None:
        return settings.slack_bot_token or None
    bot = store.find_bot(enterprise_id=None, team_id=team_id)
    return bot.bot_token if bot is not None and bot.bot_token else None


def worker_client(
    settings: Settings, *, token: str, team_id: str | None, holds: SlackHolds, io_wait: IoWait
) -> WorkerWebClient:
    """A client for work after the ack in one workspace."""
    return WorkerWebClient(
        token=token, base_url=settings.slack_api_url, team_id=team_id, holds=holds, io_wait=io_wait
    )


def web_client_for(deps: Deps, team_id: str) -> WebClient | None:
    """A client for one workspace (for scheduled jobs and the CLI, which may wait in place);
    None when the workspace has uninstalled the app."""
    token = bot_token(deps.database, deps.settings, deps.installation_store, team_id)
    return None if token is None else make_web_client(deps.settings, token=token)
