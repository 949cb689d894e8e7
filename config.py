"""Configuration classes, read from the environment variables of docs/configuration.md.

`ALATAU_CONFIG` picks the class (`development`, `testing`, `production`). The embedded default
keeps the SQLite database, the search index and uploads in the instance folder. Values are
read when a configuration object is made (in `create_app`), not at import, so a test or a
CLI command can set the environment first.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
# A checkout keeps its instance folder beside the code; an installed copy (this file inside
# the package) must not write into site-packages, so it uses ./instance unless told otherwise.
DEFAULT_INSTANCE_DIR = (
    BASE_DIR / "instance" if (BASE_DIR / "alatau_legal").is_dir() else Path.cwd() / "instance"
)


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


def env_margins(name: str, default: tuple[int, ...]) -> tuple[float, ...]:
    """Four page margins in millimetres, `left,right,top,bottom`; a malformed value stops the
    start with its name."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        margins = tuple(float(part) for part in value.split(","))
    except ValueError as exc:
        raise RuntimeError(f"{name} must be four numbers of millimetres, not {value!r}") from exc
    if len(margins) != 4 or not all(0 <= margin <= 100 for margin in margins):
        raise RuntimeError(f"{name} must be four margins of 0-100 mm: left,right,top,bottom")
    return margins


def instance_secret_key(folder: Path, name: str = "secret_key") -> str:
    """A random key made once per instance folder and kept there (never in the repository)."""
    key_file = folder / name
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
            Path(os.environ.get("ALATAU_INSTANCE_DIR") or DEFAULT_INSTANCE_DIR).resolve()
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
        # Every sign-in is a row the server can end (sign-out, password change, disable); it
        # also ends on its own after this long, or after the remember cookie's life.
        self.SESSION_LIFETIME = timedelta(hours=env_int("ALATAU_SESSION_HOURS", 12))
        self.REMEMBER_COOKIE_DURATION = timedelta(days=env_int("ALATAU_REMEMBER_DAYS", 14))
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

        # Login and token requests: a person gets a few tries a minute, a script no more.
        self.LOGIN_RATE_LIMIT = os.environ.get("ALATAU_LOGIN_RATE_LIMIT", "10 per minute")
        # Counters in the app's own database (alatau_legal/rate_limits.py), shared by every
        # worker; `memory://` keeps them per process and so multiplies the limit by the workers.
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "database://")
        self.RATELIMIT_HEADERS_ENABLED = True
        self.API_TOKEN_DAYS = env_int("ALATAU_API_TOKEN_DAYS", 30)

        # Uploads: a Word draft of a long act is a few hundred kilobytes.
        self.MAX_CONTENT_LENGTH = env_int("ALATAU_MAX_UPLOAD_BYTES", 10 * 2**20)
        self.MAX_ACT_TEXT_CHARS = env_int("ALATAU_MAX_ACT_TEXT_CHARS", 2_000_000)
        # The longest address the app answers (414 beyond): below gunicorn's request-line limit
        # (gunicorn.conf.py), so the app's own error format answers it.
        self.MAX_URL_LENGTH = env_int("ALATAU_MAX_URL_LENGTH", 4096)

        # Official documents: page margins in millimetres (left, right, top, bottom), and the
        # issuing body printed above Alatau's own acts, by act type and language (None: the
        # defaults of documents/wording.py).
        self.DOCUMENT_MARGINS_MM = env_margins("ALATAU_DOCUMENT_MARGINS_MM", (30, 10, 20, 20))
        self.DOCUMENT_ISSUING_BODIES: dict[str, dict[str, str]] | None = None

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
        # Dates given by people (due dates, meetings, deadlines) lie within this many years of
        # today, either side; anything further is refused as a slip of the keyboard.
        self.DATE_WINDOW_YEARS = env_int("ALATAU_DATE_WINDOW_YEARS", 5)

        # The audit's checkpoints (flask audit checkpoint) are signed with this key, which the
        # database never holds, and their lines appended to this file outside the database.
        self.AUDIT_CHECKPOINT_KEY = os.environ.get("ALATAU_AUDIT_KEY") or None
        self.AUDIT_CHECKPOINT_FILE = os.environ.get("ALATAU_AUDIT_CHECKPOINT_FILE") or str(
            Path(self.INSTANCE_DIR) / "audit-checkpoints.jsonl"
        )

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
        self.AUDIT_CHECKPOINT_KEY = self.AUDIT_CHECKPOINT_KEY or instance_secret_key(
            Path(self.INSTANCE_DIR), "audit_key"
        )


class TestingConfig(Config):
    """The test suite: cheap password hashing and a generous login limit."""

    ENV_NAME = "testing"

    def __init__(self) -> None:
        super().__init__()
        self.TESTING = True
        self.SECRET_KEY = self.SECRET_KEY or "testing-" + secrets.token_hex(16)
        self.PASSWORD_HASH_FAST = True  # Argon2 at test strength keeps the suite fast
        # Derived from the secret key, so the commands of one test server share it.
        self.AUDIT_CHECKPOINT_KEY = (
            self.AUDIT_CHECKPOINT_KEY
            or hashlib.sha256(f"audit:{self.SECRET_KEY}".encode()).hexdigest()
        )
        self.LOGIN_RATE_LIMIT = os.environ.get("ALATAU_LOGIN_RATE_LIMIT", "1000 per minute")
        # One process per test app: counters in memory need no table; the database storage
        # has tests of its own (tests/integration/test_rate_limits.py, through gunicorn).
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")


class ProductionConfig(Config):
    """PostgreSQL behind several gunicorn workers; refuses to start without a real secret."""

    ENV_NAME = "production"
    MIN_SECRET_KEY_LENGTH = 32

    def __init__(self) -> None:
        super().__init__()
        self.SESSION_COOKIE_SECURE = env_bool("ALATAU_SECURE_COOKIES", True)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        if self.RATELIMIT_STORAGE_URI.startswith("memory://"):
            raise RuntimeError(
                "Production runs several workers: RATELIMIT_STORAGE_URI=memory:// would keep one "
                "set of login counters per worker and multiply the limit by their number. Leave "
                "it unset (the database) or name a shared store (redis://...)."
            )
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
