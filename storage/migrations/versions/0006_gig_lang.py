"""gigs: the language drafts to the client are written in

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lang", sa.String(length=5), nullable=True))
    # Gigs added before the language was stored: Upwork's clients read English; the others keep
    # following their owner's language (NULL).
    op.execute("UPDATE gigs SET lang = 'en' WHERE platform = 'upwork'")


def downgrade() -> None:
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.drop_column("lang")
