"""Password hashing: argon2 only, and a check that takes as long for a name nobody has.

Passwords are stored only as argon2 hashes and never logged. How long a password must be is
the account rules' business (data_access/accounts.py), not the hash's.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
# Verified when the user does not exist, so a wrong name takes as long as a wrong password.
DUMMY_HASH = _HASHER.hash("streetdash-no-such-user")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(stored: str, password: str) -> bool:
    """Whether `password` is the one `stored` hashes; a malformed hash matches nothing."""
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
