"""Strings of the four oversight views, the community profile and the glossary."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh": {},
    "en": {},
}
