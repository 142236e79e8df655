"""reaction settings and reaction removals

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "reaction_settings",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("any_value_emoji", sa.String(length=100), nullable=True),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        sa.PrimaryKeyConstraint("team_id"),
    )
    op.create_table(
        "reaction_removal",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("request_key", sa.String(length=255), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        sa.PrimaryKeyConstraint("team_id", "request_key"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("reaction_removal")
    op.drop_table("reaction_settings")
