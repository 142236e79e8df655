"""`app_uninstalled` and `tokens_revoked`: forget tokens at once, start the retention clock.

A workspace marked uninstalled keeps its kudos for DATA_RETENTION_DAYS_AFTER_UNINSTALL days
(then `bot.jobs.retention` purges it). Any later request from that workspace, or a new OAuth
installation, proves the app is back and clears the mark.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot.deps import Deps
from bot.domain.tasks import NewTask, TaskClass
from bot.services.tasks import Finish, TaskContext, TaskHandler
from storage.workspaces_repo import mark_uninstalled

log = logging.getLogger(__name__)

LIFECYCLE_EVENTS = frozenset({"app_uninstalled", "tokens_revoked"})


def lifecycle_task(
    event: dict[str, Any],
    *,
    key: str,
    team_id: str | None,
    enterprise_id: str | None,
    now: datetime,
) -> NewTask:
    """The task that handles one lifecycle event."""
    return NewTask(
        kind="lifecycle",
        key=key,
        klass=TaskClass.BACKGROUND,
        team_id=team_id,
        payload={"event": event, "enterprise_id": enterprise_id},
        run_at=now,
    )


def _uninstalled(deps: Deps, team_id: str | None, enterprise_id: str | None, why: str) -> None:
    if deps.installation_store is not None:
        deps.installation_store.delete_all(enterprise_id=enterprise_id, team_id=team_id)
    if team_id is None:  # an org-wide (Enterprise Grid) installation: no one workspace to mark
        log.info("organisation %s: %s; tokens deleted", enterprise_id, why)
        return
    deps.installed.forget(team_id)
    deps.tokens.forget(team_id)
    with deps.database.transaction() as session:
        mark_uninstalled(session=session, team_id=team_id, now=deps.clock())
    log.info("workspace %s: %s; tokens deleted, data kept for the retention period", team_id, why)


def _installed_since(
    deps: Deps, team_id: str | None, enterprise_id: str | None, since: datetime
) -> bool:
    """Whether the current installation was made after `since` (an older event is stale)."""
    store = deps.installation_store
    if store is None:  # one workspace, one token: no installation to compare with
        return False
    bot = store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
    return bot is not None and bot.installed_at > since.timestamp()


def handle_lifecycle_event(
    event: dict[str, Any],
    team_id: str | None,
    enterprise_id: str | None,
    deps: Deps,
    *,
    accepted_at: datetime,
) -> None:
    """Delete installation data and tokens, and mark the workspace uninstalled; an event
    accepted before the current installation was made (run late) is ignored."""
    if team_id is None and enterprise_id is None:
        log.warning("%s event without a team or enterprise id ignored", event.get("type"))
        return
    if _installed_since(deps, team_id, enterprise_id, accepted_at):
        log.info(
            "workspace %s: %s event from before the app was installed again ignored",
            team_id or enterprise_id,
            event.get("type"),
        )
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


def _run(ctx: TaskContext) -> Finish:
    p = ctx.payload
    handle_lifecycle_event(
        p["event"], ctx.task.team_id, p["enterprise_id"], ctx.deps, accepted_at=ctx.task.created_at
    )
    return Finish()


LIFECYCLE = TaskHandler(run=_run)
