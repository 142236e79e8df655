"""task lane index with run_at

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision: a lane's latest pending run_at is read from the index's end."""
    op.create_index("ix_task_lane_pending", "task", ["lane", "status", "run_at"])
    op.drop_index("ix_task_lane", table_name="task")


def downgrade() -> None:
    """Revert this revision."""
    op.create_index("ix_task_lane", "task", ["lane", "status"])
    op.drop_index("ix_task_lane_pending", table_name="task")
