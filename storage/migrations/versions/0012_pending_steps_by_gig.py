"""pending_steps keyed by gig, track and order, clustered by gig on SQLite

A step is named by its gig, its track and its order (a track has one step of each order), so the row id
goes, and with it the index on `gig_id` alone, which the key now serves. On SQLite the table is rebuilt
WITHOUT ROWID, so that its rows are stored in key order: a gig's steps share a page, and delivering one
changes that page and the due index instead of a row table and a gig index at scattered places. Should
a gig hold two steps of one track and order (no code writes that), the one stored first is kept.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 20:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = "gig_id, track, ord, user_id, step, nominal_at, due_at, deadline_at"


def _columns() -> list[sa.Column[object]]:
    return [
        sa.Column("gig_id", sa.Integer(), nullable=False),
        sa.Column("track", sa.String(length=40), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("nominal_at", sa.BigInteger(), nullable=False),
        sa.Column("due_at", sa.BigInteger(), nullable=False),
        sa.Column("deadline_at", sa.BigInteger(), nullable=True),
    ]


def _foreign_keys() -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(
            ["gig_id"], ["gigs.id"], name="fk_pending_steps_gig_id_gigs", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_pending_steps_user_id_users", ondelete="CASCADE"
        ),
    ]


def upgrade() -> None:
    op.drop_index("ix_pending_steps_gig_id", table_name="pending_steps")
    if op.get_bind().dialect.name != "sqlite":
        op.execute(
            "DELETE FROM pending_steps a USING pending_steps b WHERE a.gig_id = b.gig_id "
            "AND a.track = b.track AND a.ord = b.ord AND a.id > b.id"
        )
        op.drop_constraint("pk_pending_steps", "pending_steps", type_="primary")
        op.drop_column("pending_steps", "id")
        op.create_primary_key("pk_pending_steps", "pending_steps", ["gig_id", "track", "ord"])
        return
    op.drop_index("ix_pending_steps_due_at", table_name="pending_steps")
    op.rename_table("pending_steps", "pending_steps_by_id")
    op.create_table(
        "pending_steps",
        *_columns(),
        *_foreign_keys(),
        sa.PrimaryKeyConstraint("gig_id", "track", "ord", name="pk_pending_steps"),
        sqlite_with_rowid=False,
    )
    op.execute(
        f"INSERT OR IGNORE INTO pending_steps ({_COLUMNS}) "
        f"SELECT {_COLUMNS} FROM pending_steps_by_id ORDER BY id"
    )
    op.drop_table("pending_steps_by_id")
    op.create_index("ix_pending_steps_due_at", "pending_steps", ["due_at"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("pk_pending_steps", "pending_steps", type_="primary")
        op.add_column("pending_steps", sa.Column("id", sa.Integer(), sa.Identity(), nullable=False))
        op.create_primary_key("pk_pending_steps", "pending_steps", ["id"])
    else:
        op.drop_index("ix_pending_steps_due_at", table_name="pending_steps")
        op.rename_table("pending_steps", "pending_steps_by_key")
        op.create_table(
            "pending_steps",
            sa.Column("id", sa.Integer(), nullable=False),
            *_columns(),
            *_foreign_keys(),
            sa.PrimaryKeyConstraint("id", name="pk_pending_steps"),
        )
        op.execute(
            f"INSERT INTO pending_steps ({_COLUMNS}) SELECT {_COLUMNS} FROM pending_steps_by_key "
            "ORDER BY gig_id, track, ord"
        )
        op.drop_table("pending_steps_by_key")
        op.create_index("ix_pending_steps_due_at", "pending_steps", ["due_at"])
    op.create_index("ix_pending_steps_gig_id", "pending_steps", ["gig_id"])
