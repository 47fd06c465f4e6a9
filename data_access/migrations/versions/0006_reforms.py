"""reforms (改革举措) and their treated and comparison communities

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reform",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("figure", sa.String(length=32), nullable=False),
        sa.Column("categories", sa.String(length=500), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "figure IN ('disputes_new', 'consultations_held', 'burden_assigned', "
            "'organizations_entered')",
            name="ck_reform_figure",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "reform_community",
        sa.Column("reform_id", sa.Integer(), nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.CheckConstraint("role IN ('treated', 'comparison')", name="ck_reform_community_role"),
        sa.ForeignKeyConstraint(["reform_id"], ["reform.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["community"], ["community.code"], onupdate="CASCADE", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("reform_id", "community"),
    )


def downgrade() -> None:
    op.drop_table("reform_community")
    op.drop_table("reform")
