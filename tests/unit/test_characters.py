"""The characters no stored text may hold, and the short visible echo of a value in messages."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from data_access import characters

# No example database in the working tree: each run draws afresh (seeded by pytest's run).
settings.register_profile("streetdash", database=None)
settings.load_profile("streetdash")

REFUSED_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")


@given(text=st.text())
def test_a_check_refuses_exactly_the_text_that_holds_a_refused_character(text: str) -> None:
    inner = text.translate(characters.ZERO_WIDTH).strip()
    holds = any(unicodedata.category(char) in REFUSED_CATEGORIES for char in inner)
    assert characters.is_clean(text) is not holds


def test_an_echo_is_cut_at_50_characters_and_shows_control_characters_as_code_points() -> None:
    assert characters.echo("A" * 10_000) == "A" * 50 + "…"
    assert characters.echo("A" * 50) == "A" * 50
    assert characters.echo("T5-NUL\x003") == "T5-NUL[U+0000]3"
    assert characters.echo("x\u202ey\n") == "x[U+202E]y[U+000A]"
    assert characters.echo(None) == ""
    assert characters.echo(2.5) == "2.5"
