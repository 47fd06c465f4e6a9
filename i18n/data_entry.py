"""Strings of data import, the entry forms and the audit log."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh": {},
    "en": {},
}
