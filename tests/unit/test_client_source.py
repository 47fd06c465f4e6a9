"""Which address a sign-in is counted against: the peer, or behind a proxy on this host the
address that proxy appended to X-Forwarded-For, never one the client wrote itself."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from ui import auth


@dataclass
class Headers:
    values: list[str] = field(default_factory=list)

    def get_all(self, key: str) -> list[str]:
        return self.values if key.lower() == "x-forwarded-for" else []


@dataclass
class Context:
    ip_address: str | None
    headers: Headers


@pytest.mark.parametrize(
    ("peer", "forwarded", "source"),
    [
        ("198.51.100.7", [], "198.51.100.7"),
        # A remote client's own X-Forwarded-For is ignored: anyone can write one.
        ("198.51.100.7", ["10.9.9.9"], "198.51.100.7"),
        # nginx on this host: the last entry is the one nginx appended, earlier ones are not.
        (None, ["6.6.6.6, 203.0.113.20"], "203.0.113.20"),
        (None, ["6.6.6.6", "203.0.113.21"], "203.0.113.21"),
        (None, [], "local"),
        (None, ["not an address"], "local"),
    ],
)
def test_a_sign_in_is_counted_against_the_address_that_cannot_be_forged(
    monkeypatch: pytest.MonkeyPatch, peer: str | None, forwarded: list[str], source: str
) -> None:
    monkeypatch.setattr(auth.st, "context", Context(peer, Headers(forwarded)))
    assert auth.client_source() == source
