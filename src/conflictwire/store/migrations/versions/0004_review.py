"""Review: the log of human decisions, the constraints merges and splits leave, and each incident's review state.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

Why the log is its own table: human edits are training data for the analyst feedback loop,
so they are kept apart from machine output with the field, the old and the new value, and
never rewritten by re-extraction or relinking. The two columns added to `incidents` are
derived from the log on every write (what a person sees is the machine's record with the
reviews on top), so existing rows start unreviewed.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(64), nullable=False),
        sa.Column("mention_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("field", sa.String(64)),
        sa.Column("old_value", sa.JSON),
        sa.Column("new_value", sa.JSON),
        sa.Column("who", sa.String(128), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
    )
    op.create_index("ix_reviews_incident_id", "reviews", ["incident_id"])
    op.create_index("ix_reviews_mention_id", "reviews", ["mention_id"])
    op.create_table(
        "review_links",
        sa.Column("a", sa.String(64), primary_key=True),
        sa.Column("b", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_review_links_b", "review_links", ["b"])
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("review_status", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("review_overrides", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("review_overrides")
        batch.drop_column("review_status")
    op.drop_table("review_links")
    op.drop_table("reviews")
