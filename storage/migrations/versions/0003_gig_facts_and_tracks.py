"""gig facts and tracks

The facts advice depends on (funding, delivery, payment terms, payments, open client requests) become
columns of `gigs`, and every pending step names its track. Existing rows are carried over: a gig's
ladder position becomes its `ladder` progress, a delivered or accepted gig gets its stage time as its
delivery date (and, on an escrow platform, is taken as funded), and the user's own deadlines become
open requests of the gig.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 08:00:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Days to answer each request kind when the revision was written (bot/domain/profiles.toml then).
_REQUEST_DAYS = {"termination": 7, "refund": 7, "dispute": 3}
_NO_ESCROW = ("direct",)


def upgrade() -> None:
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("funded_at", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("pay_by", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("paid_amount", sa.Float(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("requests", sa.Text(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("progress", sa.Text(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("ladder_from", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("pending_steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("track", sa.String(length=40), nullable=False, server_default="ladder"))

    conn = op.get_bind()
    gigs = sa.table(
        "gigs",
        sa.column("id"),
        sa.column("platform"),
        sa.column("stage"),
        sa.column("stage_since"),
        sa.column("created_at"),
        sa.column("ladder_pos"),
        sa.column("funded_at"),
        sa.column("delivered_at"),
        sa.column("requests"),
        sa.column("progress"),
    )
    steps = sa.table(
        "pending_steps",
        sa.column("id"),
        sa.column("gig_id"),
        sa.column("variant"),
        sa.column("deadline_at"),
        sa.column("track"),
    )
    own: dict[int, dict[str, int]] = {}
    for sid, gig_id, variant, deadline in conn.execute(
        sa.select(steps.c.id, steps.c.gig_id, steps.c.variant, steps.c.deadline_at).where(
            steps.c.deadline_at.is_not(None)
        )
    ):
        name = variant or "termination"
        own.setdefault(gig_id, {})[name] = deadline - _REQUEST_DAYS.get(name, 7) * 86400
        conn.execute(sa.update(steps).where(steps.c.id == sid).values(track=f"request:{name}"))
    for gig_id, platform, stage, stage_since, created_at, ladder_pos in conn.execute(
        sa.select(
            gigs.c.id, gigs.c.platform, gigs.c.stage, gigs.c.stage_since, gigs.c.created_at, gigs.c.ladder_pos
        )
    ):
        values: dict[str, object] = {
            "progress": json.dumps({"ladder": ladder_pos} if ladder_pos else {}),
            "requests": json.dumps(own.get(gig_id, {}), sort_keys=True),
        }
        escrow = platform not in _NO_ESCROW
        if stage == "funded" and escrow:
            values["funded_at"] = stage_since
        if stage in ("delivered", "accepted"):
            values["delivered_at"] = stage_since
            if escrow:
                values["funded_at"] = created_at
        conn.execute(sa.update(gigs).where(gigs.c.id == gig_id).values(**values))

    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.drop_column("ladder_pos")
    with op.batch_alter_table("pending_steps", schema=None) as batch_op:
        batch_op.drop_column("variant")


def downgrade() -> None:
    with op.batch_alter_table("pending_steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("variant", sa.String(length=20), nullable=True))
        batch_op.drop_column("track")
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ladder_pos", sa.Integer(), nullable=False, server_default="0"))
        batch_op.drop_column("ladder_from")
        batch_op.drop_column("progress")
        batch_op.drop_column("requests")
        batch_op.drop_column("paid_amount")
        batch_op.drop_column("pay_by")
        batch_op.drop_column("delivered_at")
        batch_op.drop_column("funded_at")
