"""Checkpoints: how far each unit of input (an ingest run, a watched file or feed entry) is stored.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

Why a table and not a side file: the checkpoint must commit in the same transaction as the
articles and rejections it accounts for. A file written beside the database could run ahead
of a batch that a crash rolled back (losing it on restart) or lag behind one that committed
(reading it twice); a row in the batch's transaction can do neither.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_checkpoints",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ingest_checkpoints")
