"""no disguised links in stored messages

Messages given through the form before the app escaped a form's text at its edge were stored
raw, so a `<https://evil|https://acme…>` typed there still showed as a disguised link. Every
stored link keeps its address and loses its label (what the app now does to a command's text).
Written out here, not imported, so that this revision stays what it was.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LABELLED_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)\|[^>]*>")
_CANDIDATES = sa.text("SELECT id, message FROM kudos WHERE message LIKE '%<%|%>%'")
_REWRITE = sa.text("UPDATE kudos SET message = :message WHERE id = :id")


def upgrade() -> None:
    """Drop the labels of stored links."""
    connection = op.get_bind()
    changed = [
        {"id": row.id, "message": unlabelled}
        for row in connection.execute(_CANDIDATES)
        if (unlabelled := _LABELLED_LINK.sub(r"<\1>", row.message)) != row.message
    ]
    if changed:
        connection.execute(_REWRITE, changed)


def downgrade() -> None:
    """Nothing to undo: the labels are gone, and the messages read the same without them."""
