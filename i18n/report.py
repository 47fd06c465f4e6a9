"""Strings of the PDF snapshot (周报) and its CLI."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh": {},
    "en": {},
}
