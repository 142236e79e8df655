"""SQLModel tables: workspaces, company values, kudos (one per recipient), roles, exports."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Dialect, Index, Text, UniqueConstraint, false
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


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


class CompanyValue(SQLModel, table=True):
    """A value kudos are tied to; retired values stay so past kudos keep them."""

    __tablename__ = "company_value"
    __table_args__ = (UniqueConstraint("team_id", "slug", name="uq_company_value_team_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    slug: str = Field(max_length=80)
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
