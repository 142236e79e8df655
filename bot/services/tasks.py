"""What a task handler gets (the task, the app's dependencies, a Slack client for its workspace)
and what it returns (how it ended, and what to record with that in the same transaction)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlmodel import Session

from bot.deps import Deps
from bot.domain.tasks import Task, TaskStatus
from bot.slack.clients import WorkerWebhookClient, bot_token, worker_client
from storage.task_admin_repo import task_row
from storage.workspaces_repo import clear_uninstalled

log = logging.getLogger(__name__)

# A task working for a Workflow Builder step carries the step's short-lived token in its payload
# under this key, and calls Slack with it (not the installation's token).
STEP_TOKEN = "step_token"  # noqa: S105 (the name of a payload key, not a secret)
# Slack revokes a step's token when the step completes, or 15 minutes after it was issued (a
# minute's margin here).
STEP_TOKEN_LIFETIME = timedelta(minutes=14)


class NoTokenError(RuntimeError):
    """The workspace has no bot token any more (uninstalled, or never installed)."""


@dataclass
class TaskContext:
    """One run of one task."""

    task: Task
    deps: Deps
    now: datetime
    _client: WebClient | None = field(default=None, repr=False)

    @property
    def payload(self) -> dict[str, Any]:
        """The task's payload."""
        return self.task.payload

    @property
    def team_id(self) -> str:
        """The workspace the task works for."""
        return str(self.task.team_id)

    def client(self) -> WebClient:
        """A Web API client with the task's own token when it carries one (a workflow step's,
        under STEP_TOKEN), else the workspace's bot token (NoTokenError when there is none)."""
        if self._client is None:
            self._notice_installed()
            own = self._step_token()
            # A step's token serves one run: its client is not kept among the workspaces'.
            self._client = self._workspace_client() if own is None else self._make(own)
        return self._client

    def _step_token(self) -> str | None:
        """The workflow step's token this task calls Slack with, if any. A delivery (a child
        task: announcement, DM) that runs after the step ended, when Slack has revoked the
        token, posts with the workspace's token instead, as every other kudos does."""
        own = self.payload.get(STEP_TOKEN)
        if not isinstance(own, str) or not own:  # "" once the step ended (task_secrets)
            return None
        if self.task.parent_id is None:
            return own
        if self.now - self.task.created_at >= STEP_TOKEN_LIFETIME:
            return None
        with self.deps.database.transaction() as session:
            parent = task_row(session=session, task_id=self.task.parent_id)
        return None if parent is None or parent.status == TaskStatus.DONE else own

    def _workspace_client(self) -> WebClient:
        deps = self.deps
        token = deps.tokens.get(
            self.team_id,
            lambda team: bot_token(deps.database, deps.settings, deps.installation_store, team),
        )
        if token is None:
            raise NoTokenError(f"no bot token for workspace {self.team_id}")
        client: WebClient = deps.tokens.client(token, self._make)
        return client

    def _make(self, token: str) -> WebClient:
        deps = self.deps
        return worker_client(
            deps.settings,
            token=token,
            team_id=self.team_id,
            holds=deps.holds,
            io_wait=deps.cpu.io_wait,
        )

    def _notice_installed(self) -> None:
        """A request from a workspace proves the app is installed there (once per period)."""
        if self.task.kind == "lifecycle" or not self.deps.installed.needs_check(self.team_id):
            return
        with self.deps.database.transaction() as session:
            if clear_uninstalled(
                session=session, team_id=self.team_id, seen_at=self.task.created_at
            ):
                log.info("workspace %s is using the app again", self.team_id)
                self.deps.tokens.forget(self.team_id)

    def webhook(self, url: str) -> WorkerWebhookClient:
        """A client for a response_url."""
        return WorkerWebhookClient(url, io_wait=self.deps.cpu.io_wait)


@dataclass(frozen=True)
class Finish:
    """A task that ended well: its outcome, and what to record with it (`then`, in the
    transaction that marks the task done, e.g. storing a kudos and queueing its delivery)."""

    outcome: dict[str, Any] | None = None
    then: Callable[[Session], None] | None = None


FailedHook = Callable[[Session, Task, str, datetime], None]


@dataclass(frozen=True)
class TaskHandler:
    """How to run one kind of task, and what to do (in the same transaction) if it fails."""

    run: Callable[[TaskContext], Finish]
    on_failed: FailedHook | None = None
