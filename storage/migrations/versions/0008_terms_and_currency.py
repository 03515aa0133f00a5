"""terms and currency

A gig records the currency of its fee (NULL: its platform's, as before) and the written terms besides
the fee and the payment date (the work, delivery and inspection dates, payment method, delivery place)
as one JSON object. Existing gigs keep their platform's currency and start with no such terms.

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-29 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("currency", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("terms", sa.Text(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.drop_column("terms")
        batch_op.drop_column("currency")
