"""Purge the data of workspaces that uninstalled the app longer ago than the retention period,
and OAuth install states that expired unused."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.deps import Deps
from storage.reactions_repo import purge_removals
from storage.task_admin_repo import purge_finished
from storage.workspaces_repo import (
    delete_expired_oauth_states,
    purge_workspace,
    still_uninstalled_before,
    uninstalled_before,
)

log = logging.getLogger(__name__)

FINISHED_TASKS_KEPT = timedelta(days=7)  # for `kudos-bot queue` and Slack's late retries
REACTION_REMOVALS_KEPT = timedelta(days=1)  # a give they stop runs minutes after, not days


@dataclass(frozen=True)
class Purged:
    """One workspace whose data was deleted, and how many rows per table."""

    team_id: str
    uninstalled_at: datetime
    deleted: dict[str, int] = field(default_factory=dict)


def purge_due_workspaces(deps: Deps, *, now: datetime) -> list[Purged]:
    """Delete every row of each workspace uninstalled more than the retention period ago."""
    cutoff = now - timedelta(days=deps.settings.data_retention_days_after_uninstall)
    with deps.database.transaction() as session:
        due = uninstalled_before(session=session, cutoff=cutoff)
    purged = []
    for team_id in due:
        with deps.database.transaction() as session:  # one workspace, one transaction
            since = still_uninstalled_before(session=session, team_id=team_id, cutoff=cutoff)
            if since is None:  # installed again meanwhile
                continue
            deleted = purge_workspace(session=session, team_id=team_id)
        log.info("purged workspace %s (uninstalled %s): %s", team_id, since.isoformat(), deleted)
        purged.append(Purged(team_id, since, deleted))
    return purged


def purge_uninstalled_workspaces(deps: Deps, *, now: datetime) -> None:
    """The daily job: purge workspaces past DATA_RETENTION_DAYS_AFTER_UNINSTALL, OAuth install
    states that expired unused (an install someone started and never finished), and tasks that
    finished more than a week ago (and reaction removals older than a day)."""
    purge_due_workspaces(deps, now=now)
    with deps.database.transaction() as session:
        expired = delete_expired_oauth_states(session=session, now=now)
        finished = purge_finished(session=session, before=now - FINISHED_TASKS_KEPT)
        purge_removals(session=session, before=now - REACTION_REMOVALS_KEPT)
    if expired:
        log.info("deleted %d expired OAuth install states", expired)
    if finished:
        log.info("deleted %d tasks finished more than a week ago", finished)
