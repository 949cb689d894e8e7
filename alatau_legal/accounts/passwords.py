"""Password hashing with Argon2id (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# A well-formed hash to verify against when the user does not exist, so a login for an unknown
# name costs as long as one for a known name (no user enumeration by timing).
_dummy_hash: str | None = None


def configure(fast: bool) -> None:
    """Cheap parameters for the test suite; the library's defaults everywhere else."""
    global _hasher, _dummy_hash
    _hasher = (
        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1) if fast else (PasswordHasher())
    )
    _dummy_hash = None


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends the time of one verification."""
    global _dummy_hash
    if password_hash is None:
        if _dummy_hash is None:
            _dummy_hash = _hasher.hash("not a password")
        password_hash = _dummy_hash
        password = password + "\0"  # never matches the dummy
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    return _hasher.check_needs_rehash(password_hash)
