"""Every table of the data model, with the constraints the database itself can enforce."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

# The reform tables (their own module, so that this one stays under 400 lines): imported here
# so that importing the models registers every table.
from data_access.mapping_models import ImportMapping  # noqa: F401
from data_access.reform_models import Reform, ReformCommunity  # noqa: F401
from metrics import codes


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def _check(sql: str, name: str) -> CheckConstraint:
    return CheckConstraint(sql, name=name)


def _fk(target: str, *, nullable: bool = False, index: bool = True) -> Column:
    """A natural-key foreign key: records name their community or organisation by its code."""
    return Column(
        String(64),
        ForeignKey(target, onupdate="CASCADE", ondelete="RESTRICT"),
        nullable=nullable,
        index=index,
    )


def _version() -> Column:
    """The optimistic-locking counter: an UPDATE whose version moved on matches no row."""
    return Column(Integer, nullable=False, default=1, server_default="1")


class Versioned:
    """Mixed into every record table: SQLAlchemy checks and bumps `version` on each UPDATE, so
    the second of two people saving one record is refused instead of overwriting the first."""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Street(Versioned, SQLModel, table=True):
    """街道: a deployment holds one, or several for a district roll-up."""

    __tablename__ = "street"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_version())
    code: str = Field(max_length=32, unique=True, nullable=False)
    name: str = Field(max_length=100, nullable=False)


class Community(Versioned, SQLModel, table=True):
    """社区, with the population that per-10,000 rates divide by."""

    __tablename__ = "community"
    __table_args__ = (
        _check("population >= 0", "ck_community_population"),
        _check("households >= 0", "ck_community_households"),
        _check("grids >= 0", "ck_community_grids"),
        Index("uq_community_street_name", "street_code", "name", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_version())
    code: str = Field(max_length=64, unique=True, nullable=False)
    name: str = Field(max_length=100, nullable=False)
    street_code: str = Field(sa_column=_fk("street.code"))
    population: int = Field(default=0, nullable=False)
    households: int = Field(default=0, nullable=False)
    grids: int = Field(default=0, nullable=False)


class Dispute(Versioned, SQLModel, table=True):
    """矛盾纠纷: one case, keyed by its case number."""

    __tablename__ = "dispute"
    __table_args__ = (
        _check(_one_of("category", codes.DISPUTE_CATEGORIES), "ck_dispute_category"),
        _check(_one_of("source", codes.DISPUTE_SOURCES), "ck_dispute_source"),
        _check(_one_of("status", codes.DISPUTE_STATUSES), "ck_dispute_status"),
        _check(_one_of("level", codes.DISPUTE_LEVELS), "ck_dispute_level"),
        _check("parties >= 1", "ck_dispute_parties"),
        _check(
            "(status = 'open' AND closed_on IS NULL) OR "
            "(status <> 'open' AND closed_on IS NOT NULL AND closed_on >= reported_on)",
            "ck_dispute_closed_on",
        ),
        Index("ix_dispute_community_reported", "community", "reported_on"),
        Index("ix_dispute_closed_on", "closed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_version())
    case_no: str = Field(max_length=64, unique=True, nullable=False)
    community: str = Field(sa_column=_fk("community.code", index=False))
    reported_on: date = Field(nullable=False, index=True)
    category: str = Field(max_length=32, nullable=False)
    source: str = Field(max_length=32, nullable=False)
    status: str = Field(max_length=16, nullable=False)
    level: str = Field(max_length=16, nullable=False)
    closed_on: date | None = Field(default=None)
    is_major: bool = Field(default=False, nullable=False)
    parties: int = Field(default=1, nullable=False)
    summary: str | None = Field(default=None, max_length=2000)


class Consultation(Versioned, SQLModel, table=True):
    """协商议事: one meeting and what became of its consensus."""

    __tablename__ = "consultation"
    __table_args__ = (
        _check(_one_of("form", codes.CONSULTATION_FORMS), "ck_consultation_form"),
        _check(_one_of("topic_category", codes.TOPIC_CATEGORIES), "ck_consultation_topic_category"),
        _check(_one_of("implementation", codes.IMPLEMENTATIONS), "ck_consultation_implementation"),
        _check("participants >= 0", "ck_consultation_participants"),
        _check("problems_solved >= 0", "ck_consultation_problems_solved"),
        _check(
            "implementation <> 'done' OR implemented_on IS NOT NULL",
            "ck_consultation_implemented_on",
        ),
        _check("consensus = true OR implementation = 'na'", "ck_consultation_na_without_consensus"),
        Index("ix_consultation_community_held", "community", "held_on"),
        Index("ix_consultation_implemented_on", "implemented_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_version())
    ref: str = Field(max_length=64, unique=True, nullable=False)
    community: str = Field(sa_column=_fk("community.code", index=False))
    estate: str | None = Field(default=None, max_length=100)
    held_on: date = Field(nullable=False, index=True)
    form: str = Field(max_length=32, nullable=False)
    topic: str = Field(max_length=200, nullable=False)
    topic_category: str = Field(max_length=32, nullable=False)
    participants: int = Field(default=0, nullable=False)
    consensus: bool = Field(default=False, nullable=False)
    problems_solved: int = Field(default=0, nullable=False)
    implementation: str = Field(max_length=16, nullable=False)
    implemented_on: date | None = Field(default=None)


class Organization(Versioned, SQLModel, table=True):
    """社区社会组织: one organisation on its way from incubation to filing and registration."""

    __tablename__ = "organization"
    __table_args__ = (
        _check(_one_of("category", codes.ORG_CATEGORIES), "ck_organization_category"),
        _check(_one_of("stage", codes.ORG_STAGES), "ck_organization_stage"),
        _check(_one_of("incubator", codes.INCUBATORS), "ck_organization_incubator"),
        _check("members >= 0", "ck_organization_members"),
        _check(
            "stage NOT IN ('dormant', 'dissolved') OR ended_on IS NOT NULL",
            "ck_organization_ended_on",
        ),
        Index("ix_organization_community_entered", "community", "entered_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_version())
    org_no: str = Field(max_length=64, unique=True, nullable=False)
    name: str = Field(max_length=200, nullable=False)
    community: str = Field(sa_column=_fk("community.code", index=False))
    category: str = Field(max_length=32, nullable=False)
    stage: str = Field(max_length=16, nullable=False)
    incubator: str = Field(max_length=16, nullable=False)
    entered_on: date = Field(nullable=False)
    filed_on: date | None = Field(default=None)
    registered_on: date | None = Field(default=None)
    ended_on: date | None = Field(default=None)
    members: int = Field(default=0, nullable=False)
    has_charter: bool = Field(default=False, nullable=False)
    has_filing_form: bool = Field(default=False, nullable=False)
    has_leader: bool = Field(default=False, nullable=False)
    has_venue: bool = Field(default=False, nullable=False)
    has_annual_plan: bool = Field(default=False, nullable=False)
    has_annual_summary: bool = Field(default=False, nullable=False)
    has_activity_log: bool = Field(default=False, nullable=False)
    has_major_event_report: bool = Field(default=False, nullable=False)


class OrgActivity(Versioned, SQLModel, table=True):
    """组织活动: one activity an organisation held."""

    __tablename__ = "org_activity"
    __table_args__ = (
        _check("participants >= 0", "ck_org_activity_participants"),
        Index("ix_org_activity_org_held", "org_no", "held_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_version())
    ref: str = Field(max_length=64, unique=True, nullable=False)
    org_no: str = Field(sa_column=_fk("organization.org_no", index=False))
    held_on: date = Field(nullable=False, index=True)
    title: str = Field(max_length=200, nullable=False)
    participants: int = Field(default=0, nullable=False)


class BurdenItem(Versioned, SQLModel, table=True):
    """减负清单事项: one task, report, inspection or certificate pushed onto one community."""

    __tablename__ = "burden_item"
    __table_args__ = (
        _check(_one_of("kind", codes.BURDEN_KINDS), "ck_burden_item_kind"),
        _check(_one_of("list_status", codes.LIST_STATUSES), "ck_burden_item_list_status"),
        _check(_one_of("outcome", codes.OUTCOMES), "ck_burden_item_outcome"),
        _check("hours >= 0", "ck_burden_item_hours"),
        _check("outcome = 'accepted' OR outcome_on IS NOT NULL", "ck_burden_item_outcome_on"),
        Index("ix_burden_item_community_assigned", "community", "assigned_on"),
        Index("ix_burden_item_outcome_on", "outcome_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_version())
    ref: str = Field(max_length=64, unique=True, nullable=False)
    community: str = Field(sa_column=_fk("community.code", index=False))
    department: str = Field(max_length=100, nullable=False)
    title: str = Field(max_length=200, nullable=False)
    kind: str = Field(max_length=16, nullable=False)
    list_status: str = Field(max_length=16, nullable=False)
    approved: bool = Field(default=False, nullable=False)
    funded: bool = Field(default=False, nullable=False)
    assigned_on: date = Field(nullable=False, index=True)
    due_on: date | None = Field(default=None)
    hours: float = Field(default=0.0, sa_column=Column(Float, nullable=False, default=0.0))
    outcome: str = Field(max_length=16, nullable=False)
    outcome_on: date | None = Field(default=None)


class AuditLog(SQLModel, table=True):
    """审计日志: who changed which record when, with the values before and after. Append-only:
    no code updates or deletes a row, and database triggers refuse it (migration 0002)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_table_key", "table_name", "record_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    actor: str = Field(max_length=100, nullable=False)
    action: str = Field(max_length=32, nullable=False)
    table_name: str = Field(max_length=32, nullable=False)
    record_key: str | None = Field(default=None, max_length=64)
    before: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    detail: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class UserAccount(Versioned, SQLModel, table=True):
    """An account: a role, and for community staff the communities it may see and change.

    The password is stored only as an argon2/bcrypt hash; failed sign-ins and the time before
    which the next one is refused (`locked_until`) live here, so a delay survives a restart
    and holds across server processes.
    """

    __tablename__ = "user_account"
    __table_args__ = (
        _check(_one_of("role", codes.ROLES), "ck_user_account_role"),
        _check("failed_logins >= 0", "ck_user_account_failed_logins"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_version())
    username: str = Field(max_length=64, unique=True, nullable=False)
    display_name: str = Field(default="", max_length=100, nullable=False)
    role: str = Field(max_length=16, nullable=False)
    password_hash: str | None = Field(default=None, max_length=255)
    oidc_subject: str | None = Field(default=None, max_length=255, unique=True)
    is_active: bool = Field(default=True, nullable=False)
    failed_logins: int = Field(default=0, nullable=False)
    locked_until: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    last_login_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class UserCommunity(SQLModel, table=True):
    """A community a `community` account is bound to (one account may hold several)."""

    __tablename__ = "user_community"

    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
        )
    )
    community: str = Field(
        sa_column=Column(
            String(64),
            ForeignKey("community.code", onupdate="CASCADE", ondelete="CASCADE"),
            primary_key=True,
        )
    )


class FollowUp(Versioned, SQLModel, table=True):
    """督办事项: an action the weekly meeting asks of a community, with whom and by when.

    "Overdue" is not stored: it is an open action whose due date has passed.
    """

    __tablename__ = "follow_up"
    __table_args__ = (
        _check(_one_of("status", codes.FOLLOW_UP_STATUSES), "ck_follow_up_status"),
        _check("status = 'open' OR closed_on IS NOT NULL", "ck_follow_up_closed_on"),
        Index("ix_follow_up_community_due", "community", "due_on"),
        Index("ix_follow_up_raised_on", "raised_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_version())
    community: str = Field(sa_column=_fk("community.code", index=False))
    title: str = Field(max_length=500, nullable=False)
    owner: str = Field(max_length=100, nullable=False)
    due_on: date = Field(nullable=False)
    status: str = Field(default="open", max_length=16, nullable=False)
    raised_on: date = Field(nullable=False)
    alert_rule: str | None = Field(default=None, max_length=32)
    closed_on: date | None = Field(default=None)
    created_by: str = Field(max_length=100, nullable=False)


class FollowUpEvent(SQLModel, table=True):
    """One step in a follow-up's history: raised, progress noted, done, reopened."""

    __tablename__ = "follow_up_event"
    __table_args__ = (Index("ix_follow_up_event_follow_up", "follow_up_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    follow_up_id: int = Field(
        sa_column=Column(Integer, ForeignKey("follow_up.id", ondelete="CASCADE"), nullable=False)
    )
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    actor: str = Field(max_length=100, nullable=False)
    status: str = Field(max_length=16, nullable=False)
    note: str = Field(default="", max_length=1000, nullable=False)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins counted against a client address (`source`) or against a name that no
    account has (`name`; an account's own count is in user_account), and the time before which
    the next attempt is refused. In the database, so every app process applies the same delay."""

    __tablename__ = "login_throttle"
    __table_args__ = (
        _check(_one_of("kind", ("name", "source")), "ck_login_throttle_kind"),
        _check("failures >= 0", "ck_login_throttle_failures"),
        UniqueConstraint("kind", "identity", name="uq_login_throttle_kind_identity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16, nullable=False)
    identity: str = Field(max_length=255, nullable=False)
    failures: int = Field(default=0, nullable=False)
    not_before: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


RECORD_TABLES = (Street, Community, Dispute, Consultation, Organization, OrgActivity, BurdenItem)
