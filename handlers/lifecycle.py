"""`app_uninstalled` and `tokens_revoked`: forget tokens at once, start the retention clock.

A workspace marked uninstalled keeps its kudos for DATA_RETENTION_DAYS_AFTER_UNINSTALL days
(then `bot.jobs.retention` purges it). Any later request from that workspace, or a new OAuth
installation, proves the app is back and clears the mark.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from slack_bolt import BoltContext
from sqlalchemy.exc import SQLAlchemyError

from bot.deps import Deps
from handlers.after_ack import Incoming, after_ack
from storage.workspaces_repo import clear_uninstalled, mark_uninstalled

log = logging.getLogger(__name__)

LIFECYCLE_EVENTS = frozenset({"app_uninstalled", "tokens_revoked"})
RECHECK_SECONDS = 600.0


class InstalledTeams:
    """Teams recently seen installed, so only the first request per team and period writes."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        """An empty memory."""
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()
        self._monotonic = monotonic

    def needs_check(self, team_id: str) -> bool:
        """True when `team_id` was not confirmed installed in the last RECHECK_SECONDS."""
        now = self._monotonic()
        with self._lock:
            seen = self._seen.get(team_id)
            if seen is not None and now - seen < RECHECK_SECONDS:
                return False
            self._seen[team_id] = now
            return True

    def forget(self, team_id: str) -> None:
        """The team uninstalled: check it again on its next request."""
        with self._lock:
            self._seen.pop(team_id, None)


def _uninstalled(deps: Deps, team_id: str | None, enterprise_id: str | None, why: str) -> None:
    if deps.installation_store is not None:
        deps.installation_store.delete_all(enterprise_id=enterprise_id, team_id=team_id)
    if team_id is None:  # an org-wide (Enterprise Grid) installation: no one workspace to mark
        log.info("organisation %s: %s; tokens deleted", enterprise_id, why)
        return
    with deps.database.transaction() as session:
        mark_uninstalled(session=session, team_id=team_id, now=deps.clock())
    log.info("workspace %s: %s; tokens deleted, data kept for the retention period", team_id, why)


def handle_lifecycle_event(event: dict[str, Any], context: BoltContext, deps: Deps) -> None:
    """Delete installation data and tokens, and mark the workspace uninstalled."""
    team_id, enterprise_id = context.team_id, context.enterprise_id
    if team_id is None and enterprise_id is None:
        log.warning("%s event without a team or enterprise id ignored", event.get("type"))
        return
    if event.get("type") == "app_uninstalled":
        _uninstalled(deps, team_id, enterprise_id, "app uninstalled")
        return
    tokens = event.get("tokens") or {}
    if tokens.get("bot"):
        _uninstalled(deps, team_id, enterprise_id, "bot token revoked")
        return
    for user_id in tokens.get("oauth") or []:
        if deps.installation_store is not None:
            deps.installation_store.delete_installation(
                enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
            )
    log.info("workspace %s: user tokens revoked and deleted", team_id or enterprise_id)


def _clear_mark(deps: Deps, teams: InstalledTeams, team_id: str, seen_at: datetime) -> None:
    try:
        with deps.database.transaction() as session:
            if clear_uninstalled(session=session, team_id=team_id, seen_at=seen_at):
                log.info("workspace %s is using the app again", team_id)
    except SQLAlchemyError:
        teams.forget(team_id)  # try again on its next request
        log.warning("could not check whether workspace %s was uninstalled", team_id, exc_info=True)


def register(app: Any, deps: Deps) -> None:
    """Register the lifecycle events, and notice workspaces that come back."""
    teams = InstalledTeams()
    checker = ThreadPoolExecutor(1, thread_name_prefix="reinstall-check")

    def on_lifecycle(call: Incoming) -> None:
        if call.context.team_id:
            teams.forget(call.context.team_id)
        handle_lifecycle_event(call.payload, call.context, deps)

    def notice_return(context: BoltContext, body: dict[str, Any], next: Callable[[], None]) -> None:
        """A request from a workspace proves the app is installed there (checked off the ack)."""
        event_type = (body.get("event") or {}).get("type")
        team_id = context.team_id
        if team_id and event_type not in LIFECYCLE_EVENTS and teams.needs_check(team_id):
            checker.submit(_clear_mark, deps, teams, team_id, deps.clock())
        next()

    app.use(notice_return)
    for name in sorted(LIFECYCLE_EVENTS):
        app.event(name)(after_ack(on_lifecycle, deps))
