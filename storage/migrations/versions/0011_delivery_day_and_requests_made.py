"""gigs: the delivery's day as recorded, and every request the client made

`delivered_on` keeps the day the Act counts from in the zone the owner had when the delivery was
recorded, so a later change of zone does not move it; older rows keep NULL and are read in the owner's
current zone, as before. `asked` lists the requests the client made with `/gig incoming`, answered or
not: the texts after one must fit it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivered_on", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("asked", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.drop_column("asked")
        batch_op.drop_column("delivered_on")
