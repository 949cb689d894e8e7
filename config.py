"""Configuration classes, read from the environment variables of docs/configuration.md.

`ALATAU_CONFIG` picks the class (`development`, `testing`, `production`). The embedded default
keeps the SQLite database, the search index and uploads in the instance folder. Values are
read when a configuration object is made (in `create_app`), not at import, so a test or a
CLI command can set the environment first.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    """A yes/no environment variable (1, true, yes, on)."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """A whole-number environment variable; a malformed one stops the start with its name."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise RuntimeError(f"{name} must be a whole number, not {value!r}") from exc


def instance_secret_key(folder: Path) -> str:
    """A random key made once per instance folder and kept there (never in the repository)."""
    key_file = folder / "secret_key"
    if not key_file.exists():
        folder.mkdir(parents=True, exist_ok=True)
        try:  # owner-only; when two processes start at once, the first one's key wins
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip()


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"

    def __init__(self) -> None:
        self.INSTANCE_DIR = str(
            Path(os.environ.get("ALATAU_INSTANCE_DIR") or BASE_DIR / "instance").resolve()
        )
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or (
            f"sqlite:///{Path(self.INSTANCE_DIR) / 'alatau.sqlite3'}"
        )
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or None

        # Sessions and cookies.
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = env_bool("ALATAU_SECURE_COOKIES", False)
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.PERMANENT_SESSION_LIFETIME = 8 * 3600
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

        # Login and token requests: a person gets a few tries a minute, a script no more.
        self.LOGIN_RATE_LIMIT = os.environ.get("ALATAU_LOGIN_RATE_LIMIT", "10 per minute")
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        self.API_TOKEN_DAYS = env_int("ALATAU_API_TOKEN_DAYS", 30)

        # Uploads: a Word draft of a long act is a few hundred kilobytes.
        self.MAX_CONTENT_LENGTH = env_int("ALATAU_MAX_UPLOAD_BYTES", 10 * 2**20)
        self.MAX_ACT_TEXT_CHARS = env_int("ALATAU_MAX_ACT_TEXT_CHARS", 2_000_000)

        self.MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
        self.MAIL_PORT = env_int("MAIL_PORT", 25)
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
        self.MAIL_USE_TLS = env_bool("MAIL_USE_TLS", False)
        self.MAIL_FROM = os.environ.get("MAIL_FROM", "alatau-legal@localhost")
        self.MAIL_TIMEOUT = env_int("MAIL_TIMEOUT", 30)

        # Deadlines, in Kazakhstan's business days: how long each stage takes by default, and
        # how near a due date is "due soon".
        self.STAGE_BUSINESS_DAYS = {
            "domestic": env_int("ALATAU_DOMESTIC_REVIEW_DAYS", 10),
            "international": env_int("ALATAU_INTERNATIONAL_REVIEW_DAYS", 15),
            "committee": env_int("ALATAU_COMMITTEE_DAYS", 10),
        }
        self.DUE_SOON_BUSINESS_DAYS = env_int("ALATAU_DUE_SOON_DAYS", 3)

        # Seconds a writer of the search index (in <instance>/search) waits for another's lock.
        self.SEARCH_LOCK_TIMEOUT = 5.0

        self.ACT_NUMBER_PREFIX = "ALA"  # registry numbers read ALA-2026-014
        self.PASSWORD_HASH_FAST = False


class DevelopmentConfig(Config):
    """The embedded default: SQLite and a local index, a secret key made per instance."""

    ENV_NAME = "development"

    def __init__(self) -> None:
        super().__init__()
        self.SECRET_KEY = self.SECRET_KEY or instance_secret_key(Path(self.INSTANCE_DIR))


class TestingConfig(Config):
    """The test suite: cheap password hashing and a generous login limit."""

    ENV_NAME = "testing"

    def __init__(self) -> None:
        super().__init__()
        self.TESTING = True
        self.SECRET_KEY = self.SECRET_KEY or "testing-" + secrets.token_hex(16)
        self.PASSWORD_HASH_FAST = True  # Argon2 at test strength keeps the suite fast
        self.LOGIN_RATE_LIMIT = os.environ.get("ALATAU_LOGIN_RATE_LIMIT", "1000 per minute")


class ProductionConfig(Config):
    """PostgreSQL behind several gunicorn workers; refuses to start without a real secret."""

    ENV_NAME = "production"
    MIN_SECRET_KEY_LENGTH = 32

    def __init__(self) -> None:
        super().__init__()
        self.SESSION_COOKIE_SECURE = env_bool("ALATAU_SECURE_COOKIES", True)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        if not self.SECRET_KEY or len(self.SECRET_KEY) < self.MIN_SECRET_KEY_LENGTH:
            raise RuntimeError(
                "Production needs SECRET_KEY set to a random value of at least "
                f"{self.MIN_SECRET_KEY_LENGTH} characters "
                '(python3 -c "import secrets; print(secrets.token_urlsafe(48))")'
            )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> Config:
    """The configuration named by ALATAU_CONFIG (development by default), read now."""
    name = os.environ.get("ALATAU_CONFIG", "development").strip().lower()
    if name not in CONFIGS:
        raise RuntimeError(f"ALATAU_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]()
