"""login_throttle: failed sign-ins counted by client address and by unknown name

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("identity", sa.String(length=255), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('name', 'source')", name="ck_login_throttle_kind"),
        sa.CheckConstraint("failures >= 0", name="ck_login_throttle_failures"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "identity", name="uq_login_throttle_kind_identity"),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
