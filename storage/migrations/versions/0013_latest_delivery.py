"""gigs: the latest delivery after a redo

`redelivered_at` keeps when the work was delivered again after the first delivery (the client asked for
a revision and the worker delivered anew): drafts to the client name that delivery, while the Freelance
Act's count still runs from `delivered_at`. Older rows keep NULL and read as delivered once.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 22:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("redelivered_at", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.drop_column("redelivered_at")
