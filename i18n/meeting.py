"""Strings of the weekly meeting view (周报) and its follow-up actions (督办事项)."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh": {},
    "en": {},
}
