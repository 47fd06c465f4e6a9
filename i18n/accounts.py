"""Strings of login, accounts and roles."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh": {},
    "en": {},
}
