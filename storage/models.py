"""SQLModel tables: workspaces, values, kudos, roles, settings (fair use, reactions), Home visits,
schedules, exports, reaction removals, and the task queue of work accepted from Slack."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Dialect, Index, Text, UniqueConstraint, false, true
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from bot.domain.value_admin import MAX_SLUG_CHARS


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store in UTC; refuse naive datetimes, whose zone nobody knows."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return aware UTC datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _utc_column(*, nullable: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable)


class Workspace(SQLModel, table=True):
    """A Slack workspace (team) the app has seen."""

    team_id: str = Field(primary_key=True, max_length=32)
    created_at: datetime = Field(sa_column=_utc_column())
    uninstalled_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class CompanyValue(SQLModel, table=True):
    """A value kudos are tied to; retired values stay so past kudos keep them."""

    __tablename__ = "company_value"
    __table_args__ = (UniqueConstraint("team_id", "slug", name="uq_company_value_team_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    slug: str = Field(max_length=MAX_SLUG_CHARS)
    name: str = Field(max_length=80)
    emoji: str = Field(default="", max_length=80)
    description: str = Field(default="", max_length=300)
    retired_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class Kudos(SQLModel, table=True):
    """One recipient's share of a kudos; the rows of one act share `act_id`."""

    __table_args__ = (
        UniqueConstraint("team_id", "request_key", "receiver_id", name="uq_kudos_request_receiver"),
        Index("ix_kudos_team_created", "team_id", "created_at"),
        Index("ix_kudos_team_receiver_created", "team_id", "receiver_id", "created_at"),
        Index("ix_kudos_team_giver_created", "team_id", "giver_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    act_id: str = Field(max_length=32, index=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    giver_id: str = Field(max_length=32)
    receiver_id: str = Field(max_length=32)
    value_id: int = Field(foreign_key="company_value.id")
    message: str = Field(sa_column=Column(Text, nullable=False))
    channel_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_column=_utc_column())
    request_key: str = Field(max_length=255)
    is_private: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    source_link: str | None = Field(default=None, max_length=500)


class RoleGrant(SQLModel, table=True):
    """A role (manager, hr) a workspace admin granted to a person."""

    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("team_id", "user_id", "role", name="uq_role_grant"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    user_id: str = Field(max_length=32)
    role: str = Field(max_length=32)
    granted_by: str = Field(max_length=32)
    granted_at: datetime = Field(sa_column=_utc_column())


class WorkspaceSettings(SQLModel, table=True):
    """Fair-use settings an admin chose for a workspace (absent row: the defaults)."""

    __tablename__ = "workspace_settings"

    team_id: str = Field(foreign_key="workspace.team_id", primary_key=True, max_length=32)
    daily_limit: int = Field(default=10)
    block_unfair: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    updated_by: str = Field(max_length=32)
    updated_at: datetime = Field(sa_column=_utc_column())


class ReactionSettings(SQLModel, table=True):
    """Whether reacting with a value's emoji gives kudos, and the extra "any value" emoji that
    opens the form instead (absent row: on, no such emoji)."""

    __tablename__ = "reaction_settings"

    team_id: str = Field(foreign_key="workspace.team_id", primary_key=True, max_length=32)
    enabled: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    any_value_emoji: str | None = Field(default=None, max_length=100)
    updated_by: str = Field(max_length=32)
    updated_at: datetime = Field(sa_column=_utc_column())


class ReactionRemoval(SQLModel, table=True):
    """The latest removal of one reaction that gives kudos (`request_key` of the kudos it gave
    or would give), so a give that runs after the removal gives nothing."""

    __tablename__ = "reaction_removal"

    team_id: str = Field(foreign_key="workspace.team_id", primary_key=True, max_length=32)
    request_key: str = Field(primary_key=True, max_length=255)
    removed_at: datetime = Field(sa_column=_utc_column())


class PersonPreferences(SQLModel, table=True):
    """What a person chose on App Home about announcements and leaderboards."""

    __tablename__ = "person_preferences"

    team_id: str = Field(foreign_key="workspace.team_id", primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    no_public_announce: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    off_leaderboards: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    updated_at: datetime = Field(sa_column=_utc_column())


class HomeVisit(SQLModel, table=True):
    """When a person last opened the app's Home tab, so kudos refresh only Homes in use."""

    __tablename__ = "home_visit"

    team_id: str = Field(foreign_key="workspace.team_id", primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    opened_at: datetime = Field(sa_column=_utc_column())


class ChannelSchedule(SQLModel, table=True):
    """A channel's weekly digest or prompt: weekday and local time in an IANA zone."""

    __tablename__ = "channel_schedule"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "kind", name="uq_channel_schedule"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    channel_id: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    weekday: int
    at_minute: int
    tz: str = Field(max_length=64)
    scope: str = Field(default="channel", max_length=16)
    subscribed_by: str = Field(max_length=32)
    active_since: datetime = Field(sa_column=_utc_column())


class PostClaim(SQLModel, table=True):
    """One scheduled post, claimed under a unique (channel, kind, period) before it is sent."""

    __tablename__ = "post_claim"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "kind", "period", name="uq_post_claim"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    channel_id: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    period: str = Field(max_length=32)
    slot_at: datetime = Field(sa_column=_utc_column())
    status: str = Field(max_length=16)
    attempts: int = Field(default=1)
    claimed_by: str = Field(max_length=64)
    updated_at: datetime = Field(sa_column=_utc_column())
    next_attempt_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    message_ts: str | None = Field(default=None, max_length=32)
    detail: str | None = Field(default=None, max_length=200)


class ExportLog(SQLModel, table=True):
    """One export of recognition data: who asked (a user id, or "cli"), when, what and how much."""

    __tablename__ = "export_log"
    __table_args__ = (Index("ix_export_log_team_requested", "team_id", "requested_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str | None = Field(default=None, max_length=32)
    requested_by: str = Field(max_length=32)
    requested_at: datetime = Field(sa_column=_utc_column())
    range_start: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    range_end: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    format: str = Field(max_length=16)
    summary: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    row_count: int


class Task(SQLModel, table=True):
    """One step of work accepted from Slack (or made by another step), done exactly once.

    `key` makes it unique (Slack's retries and double clicks stay one task); `klass` picks the
    worker threads that run it; `lane` names the Slack channel it posts to, for pacing; a task
    with `waiting` > 0 waits for that many children (`parent_id`) to settle.
    """

    __table_args__ = (
        UniqueConstraint("key", name="uq_task_key"),
        Index("ix_task_claim", "klass", "status", "run_at"),
        Index("ix_task_lease", "status", "lease_until"),
        Index("ix_task_parent", "parent_id"),
        Index("ix_task_lane_pending", "lane", "status", "run_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=255)
    kind: str = Field(max_length=32)
    klass: str = Field(max_length=16)
    team_id: str | None = Field(default=None, max_length=32)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(max_length=16)
    lane: str | None = Field(default=None, max_length=96)
    run_at: datetime = Field(sa_column=_utc_column())
    attempts: int = Field(default=0)
    lease_until: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    worker: str | None = Field(default=None, max_length=64)
    parent_id: int | None = Field(default=None)
    waiting: int = Field(default=0)
    settled: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    rerun: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    outcome: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    error: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(sa_column=_utc_column())
    updated_at: datetime = Field(sa_column=_utc_column())


class HealthProbe(SQLModel, table=True):
    """The one row /healthz rewrites, to learn that the database still takes a write."""

    __tablename__ = "health_probe"

    id: int = Field(primary_key=True)
    checked_at: datetime = Field(sa_column=_utc_column())


import storage.slack_tables  # noqa: E402, F401  (slack_sdk's OAuth tables join this metadata)
