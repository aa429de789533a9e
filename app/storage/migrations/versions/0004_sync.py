"""sync tables: imported and quarantined files, pending changes, waiting rows, resolutions

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conflict_resolution",
        sa.Column("cid", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conflict_resolution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_resolution_cid"), ["cid"], unique=False)
    op.create_table(
        "sync_file",
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mtime_ns", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("salvaged", sa.Integer(), nullable=False),
        sa.Column("reported", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("path"),
    )
    op.create_table(
        "sync_pending",
        sa.Column("cid", sa.String(length=120), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("cid"),
    )
    op.create_table(
        "sync_waiting_row",
        sa.Column("tbl", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("tbl", "row_id"),
    )


def downgrade() -> None:
    op.drop_table("sync_waiting_row")
    op.drop_table("sync_pending")
    op.drop_table("sync_file")
    with op.batch_alter_table("conflict_resolution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_resolution_cid"))
    op.drop_table("conflict_resolution")
