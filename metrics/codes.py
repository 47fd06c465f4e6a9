"""The stable enumeration codes stored in the database, in a fixed order (labels: i18n/)."""

from __future__ import annotations

DISPUTE_CATEGORIES = (
    "family",
    "neighbor",
    "housing_land",
    "contract",
    "business",
    "damages",
    "land_forest",
    "demolition",
    "environment",
    "labor",
    "consumer",
    "medical",
    "traffic",
    "property",
    "other",
)
DISPUTE_SOURCES = ("resident_visit", "grid_patrol", "hotline", "referral", "other")
DISPUTE_STATUSES = ("open", "resolved", "unresolved")
DISPUTE_LEVELS = ("grid", "community", "street", "district")
LOCAL_LEVELS = ("grid", "community")

CONSULTATION_FORMS = ("residents_council", "estate_meeting", "joint_meeting", "online", "hearing")
TOPIC_CATEGORIES = (
    "property_mgmt",
    "parking",
    "elevator",
    "environment",
    "safety",
    "livelihood",
    "other",
)
IMPLEMENTATIONS = ("not_started", "in_progress", "done", "na")

ORG_CATEGORIES = (
    "public_welfare",
    "culture_sports",
    "charity",
    "domestic_service",
    "elderly",
    "youth",
    "other",
)
ORG_STAGES = ("incubating", "filed", "registered", "dormant", "dissolved")
ORG_ACTIVE_STAGES = ("incubating", "filed", "registered")
INCUBATORS = ("district", "street", "community", "none")

BURDEN_KINDS = (
    "task",
    "report",
    "assessment",
    "certificate",
    "meeting",
    "signboard",
    "app_group",
)
LIST_STATUSES = ("statutory", "assist", "negative", "off_list")
OUTCOMES = ("accepted", "returned", "completed")

SEVERITIES = ("high", "medium", "low")

ROLES = ("leader", "admin", "community", "viewer")
FOLLOW_UP_STATUSES = ("open", "done")
