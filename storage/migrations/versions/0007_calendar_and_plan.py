"""calendar feed and weekly plan

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_at", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("feed_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_plan_at"), ["plan_at"], unique=False)
        batch_op.create_unique_constraint(batch_op.f("uq_users_feed_hash"), ["feed_hash"])


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_feed_hash"), type_="unique")
        batch_op.drop_index(batch_op.f("ix_users_plan_at"))
        batch_op.drop_column("feed_hash")
        batch_op.drop_column("plan_at")
