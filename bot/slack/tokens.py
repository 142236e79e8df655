"""Bot tokens per workspace, remembered for a minute so each step need not read them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

TOKEN_TTL_SECONDS = 60.0  # an uninstall in another process is noticed within this


class BotTokens:
    """A short-lived, thread-safe memory of each workspace's bot token. Its absence is not
    remembered: a workspace that installs the app again is served at once."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        """Nothing remembered yet."""
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[float, str]] = {}
        self._clients: dict[str, Any] = {}
        self._forgotten: dict[str, int] = {}  # per workspace: how often `forget` was called

    def get(self, team_id: str, load: Callable[[str], str | None]) -> str | None:
        """The token for `team_id`, from memory if recent, else from `load`."""
        now = self._monotonic()
        with self._lock:
            hit = self._tokens.get(team_id)
            generation = self._forgotten.get(team_id, 0)
        if hit is not None and now - hit[0] < TOKEN_TTL_SECONDS:
            return hit[1]
        token = load(team_id)
        with self._lock:
            if token is None:
                self._tokens.pop(team_id, None)
            elif self._forgotten.get(team_id, 0) == generation:  # not forgotten meanwhile
                self._tokens[team_id] = (now, token)
        return token

    def client(self, token: str, make: Callable[[str], Any]) -> Any:
        """One client per token, made once (a WebClient may serve many threads)."""
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                client = self._clients[token] = make(token)
            return client

    def forget(self, team_id: str) -> None:
        """The workspace uninstalled or reinstalled: read its token again next time."""
        with self._lock:
            self._tokens.pop(team_id, None)
            self._forgotten[team_id] = self._forgotten.get(team_id, 0) + 1
