"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 21:54:31.197642
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "street",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "community",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("street_code", sa.String(length=64), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("grids", sa.Integer(), nullable=False),
        sa.CheckConstraint("grids >= 0", name="ck_community_grids"),
        sa.CheckConstraint("households >= 0", name="ck_community_households"),
        sa.CheckConstraint("population >= 0", name="ck_community_population"),
        sa.ForeignKeyConstraint(
            ["street_code"], ["street.code"], onupdate="CASCADE", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_community_street_code"), ["street_code"], unique=False)
        batch_op.create_index("uq_community_street_name", ["street_code", "name"], unique=True)

    op.create_table(
        "burden_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("list_status", sa.String(length=16), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("funded", sa.Boolean(), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('task', 'report', 'assessment', 'certificate', 'meeting', 'signboard', 'app_group')",
            name="ck_burden_item_kind",
        ),
        sa.CheckConstraint(
            "list_status IN ('statutory', 'assist', 'negative', 'off_list')",
            name="ck_burden_item_list_status",
        ),
        sa.CheckConstraint(
            "outcome = 'accepted' OR outcome_on IS NOT NULL", name="ck_burden_item_outcome_on"
        ),
        sa.CheckConstraint(
            "outcome IN ('accepted', 'returned', 'completed')", name="ck_burden_item_outcome"
        ),
        sa.CheckConstraint("hours >= 0", name="ck_burden_item_hours"),
        sa.ForeignKeyConstraint(
            ["community"], ["community.code"], onupdate="CASCADE", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("burden_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_burden_item_assigned_on"), ["assigned_on"], unique=False
        )
        batch_op.create_index(
            "ix_burden_item_community_assigned", ["community", "assigned_on"], unique=False
        )
        batch_op.create_index("ix_burden_item_outcome_on", ["outcome_on"], unique=False)

    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("estate", sa.String(length=100), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("topic_category", sa.String(length=32), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("consensus", sa.Boolean(), nullable=False),
        sa.Column("problems_solved", sa.Integer(), nullable=False),
        sa.Column("implementation", sa.String(length=16), nullable=False),
        sa.Column("implemented_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "form IN ('residents_council', 'estate_meeting', 'joint_meeting', 'online', 'hearing')",
            name="ck_consultation_form",
        ),
        sa.CheckConstraint(
            "consensus = true OR implementation = 'na'",
            name="ck_consultation_na_without_consensus",
        ),
        sa.CheckConstraint(
            "implementation <> 'done' OR implemented_on IS NOT NULL",
            name="ck_consultation_implemented_on",
        ),
        sa.CheckConstraint(
            "implementation IN ('not_started', 'in_progress', 'done', 'na')",
            name="ck_consultation_implementation",
        ),
        sa.CheckConstraint(
            "topic_category IN ('property_mgmt', 'parking', 'elevator', 'environment', 'safety', 'livelihood', 'other')",
            name="ck_consultation_topic_category",
        ),
        sa.CheckConstraint("participants >= 0", name="ck_consultation_participants"),
        sa.CheckConstraint("problems_solved >= 0", name="ck_consultation_problems_solved"),
        sa.ForeignKeyConstraint(
            ["community"], ["community.code"], onupdate="CASCADE", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consultation_community_held", ["community", "held_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_consultation_held_on"), ["held_on"], unique=False)
        batch_op.create_index("ix_consultation_implemented_on", ["implemented_on"], unique=False)

    op.create_table(
        "dispute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_no", sa.String(length=64), nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("is_major", sa.Boolean(), nullable=False),
        sa.Column("parties", sa.Integer(), nullable=False),
        sa.Column("summary", sa.String(length=2000), nullable=True),
        sa.CheckConstraint(
            "(status = 'open' AND closed_on IS NULL) OR (status <> 'open' AND closed_on IS NOT NULL AND closed_on >= reported_on)",
            name="ck_dispute_closed_on",
        ),
        sa.CheckConstraint(
            "category IN ('family', 'neighbor', 'housing_land', 'contract', 'business', 'damages', 'land_forest', 'demolition', 'environment', 'labor', 'consumer', 'medical', 'traffic', 'property', 'other')",
            name="ck_dispute_category",
        ),
        sa.CheckConstraint(
            "level IN ('grid', 'community', 'street', 'district')", name="ck_dispute_level"
        ),
        sa.CheckConstraint(
            "source IN ('resident_visit', 'grid_patrol', 'hotline', 'referral', 'other')",
            name="ck_dispute_source",
        ),
        sa.CheckConstraint(
            "status IN ('open', 'resolved', 'unresolved')", name="ck_dispute_status"
        ),
        sa.CheckConstraint("parties >= 1", name="ck_dispute_parties"),
        sa.ForeignKeyConstraint(
            ["community"], ["community.code"], onupdate="CASCADE", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_no"),
    )
    with op.batch_alter_table("dispute", schema=None) as batch_op:
        batch_op.create_index("ix_dispute_closed_on", ["closed_on"], unique=False)
        batch_op.create_index(
            "ix_dispute_community_reported", ["community", "reported_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dispute_reported_on"), ["reported_on"], unique=False)

    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_no", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("incubator", sa.String(length=16), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("has_charter", sa.Boolean(), nullable=False),
        sa.Column("has_filing_form", sa.Boolean(), nullable=False),
        sa.Column("has_leader", sa.Boolean(), nullable=False),
        sa.Column("has_venue", sa.Boolean(), nullable=False),
        sa.Column("has_annual_plan", sa.Boolean(), nullable=False),
        sa.Column("has_annual_summary", sa.Boolean(), nullable=False),
        sa.Column("has_activity_log", sa.Boolean(), nullable=False),
        sa.Column("has_major_event_report", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "category IN ('public_welfare', 'culture_sports', 'charity', 'domestic_service', 'elderly', 'youth', 'other')",
            name="ck_organization_category",
        ),
        sa.CheckConstraint(
            "incubator IN ('district', 'street', 'community', 'none')",
            name="ck_organization_incubator",
        ),
        sa.CheckConstraint(
            "stage IN ('incubating', 'filed', 'registered', 'dormant', 'dissolved')",
            name="ck_organization_stage",
        ),
        sa.CheckConstraint(
            "stage NOT IN ('dormant', 'dissolved') OR ended_on IS NOT NULL",
            name="ck_organization_ended_on",
        ),
        sa.CheckConstraint("members >= 0", name="ck_organization_members"),
        sa.ForeignKeyConstraint(
            ["community"], ["community.code"], onupdate="CASCADE", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("org_no"),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(
            "ix_organization_community_entered", ["community", "entered_on"], unique=False
        )

    op.create_table(
        "org_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("org_no", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.CheckConstraint("participants >= 0", name="ck_org_activity_participants"),
        sa.ForeignKeyConstraint(
            ["org_no"], ["organization.org_no"], onupdate="CASCADE", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("org_activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_org_activity_held_on"), ["held_on"], unique=False)
        batch_op.create_index("ix_org_activity_org_held", ["org_no", "held_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("org_activity", schema=None) as batch_op:
        batch_op.drop_index("ix_org_activity_org_held")
        batch_op.drop_index(batch_op.f("ix_org_activity_held_on"))

    op.drop_table("org_activity")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index("ix_organization_community_entered")

    op.drop_table("organization")
    with op.batch_alter_table("dispute", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispute_reported_on"))
        batch_op.drop_index("ix_dispute_community_reported")
        batch_op.drop_index("ix_dispute_closed_on")

    op.drop_table("dispute")
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_implemented_on")
        batch_op.drop_index(batch_op.f("ix_consultation_held_on"))
        batch_op.drop_index("ix_consultation_community_held")

    op.drop_table("consultation")
    with op.batch_alter_table("burden_item", schema=None) as batch_op:
        batch_op.drop_index("ix_burden_item_outcome_on")
        batch_op.drop_index("ix_burden_item_community_assigned")
        batch_op.drop_index(batch_op.f("ix_burden_item_assigned_on"))

    op.drop_table("burden_item")
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.drop_index("uq_community_street_name")
        batch_op.drop_index(batch_op.f("ix_community_street_code"))

    op.drop_table("community")
    op.drop_table("street")
