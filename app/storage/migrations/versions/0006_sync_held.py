"""sync_held, sync_held_tx: changes of a transaction that spans segments, held until it is whole;
sync_waiting_row.wants_*: the record a waiting record waits for

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_held",
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=32), nullable=False),
        sa.Column("tbl", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("ms", sa.Integer(), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.Column("base", sa.String(length=120), nullable=True),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("tx", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("origin", "seq", "hash"),
    )
    with op.batch_alter_table("sync_held", schema=None) as batch_op:
        batch_op.create_index("ix_sync_held_tx", ["tx", "origin", "seq"], unique=False)
    op.create_table(
        "sync_held_tx",
        sa.Column("tx", sa.String(length=36), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("logged", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("tx"),
    )
    with op.batch_alter_table("sync_waiting_row", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wants_tbl", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("wants_id", sa.String(length=36), nullable=True))
        batch_op.create_index("ix_sync_waiting_row_wants", ["wants_tbl", "wants_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_waiting_row", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_waiting_row_wants")
        batch_op.drop_column("wants_id")
        batch_op.drop_column("wants_tbl")
    op.drop_table("sync_held_tx")
    op.drop_table("sync_held")
