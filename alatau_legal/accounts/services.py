"""Accounts: users, organisations, logins and API tokens.

Functions take the acting user and plain values, change state and flush; the request or CLI
command commits once.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..i18n import lazy_lower
from ..timeutil import utcnow
from . import passwords
from .models import ApiToken, Language, Organisation, OrganisationKind, Role, User, UserSession
from .permissions import can_manage_users

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256

# Which roles belong to which kind of organisation, where the role needs one at all.
ORGANISATION_KIND_FOR_ROLE = {
    Role.DOMESTIC_EXPERT: OrganisationKind.DOMESTIC,
    Role.INTERNATIONAL_EXPERT: OrganisationKind.INTERNATIONAL,
}


def normalise_username(username: str) -> str:
    """Usernames are compared and stored in lower case, without surrounding spaces."""
    return (username or "").strip().lower()


def check_password_strength(password: str) -> None:
    """Refuse passwords too short to resist guessing (or too long to hash cheaply)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            _l(
                "The password must be at least %(MIN_PASSWORD_LENGTH)s characters long.",
                MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH,
            ),
            {"password": f"At least {MIN_PASSWORD_LENGTH} characters."},
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise Invalid(
            _l(
                "The password must be at most %(MAX_PASSWORD_LENGTH)s characters long.",
                MAX_PASSWORD_LENGTH=MAX_PASSWORD_LENGTH,
            ),
            {"password": f"At most {MAX_PASSWORD_LENGTH} characters."},
        )


def _parse_role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise Invalid(
            _l("Unknown role %(role)s; use one of %(choices)s.", role=repr(role), choices=choices),
            {"role": choices},
        ) from None


def _parse_email(email: str | None) -> str | None:
    if not email or not email.strip():
        return None
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise Invalid(
            _l("The e-mail address is not valid: %(exc)s", exc=exc), {"email": str(exc)}
        ) from None


def _organisation_for_role(role: Role, organisation: Organisation | None) -> Organisation | None:
    expected = ORGANISATION_KIND_FOR_ROLE.get(role)
    if expected and organisation is None:
        raise Invalid(
            _l(
                "The role “%(role)s” needs an organisation of the kind “%(expected)s”; choose one.",
                role=lazy_lower(role.ui_label),
                expected=lazy_lower(expected.ui_label),
            ),
            {"organisation": "Required for this role."},
        )
    if expected and organisation is not None and organisation.kind is not expected:
        raise Invalid(
            _l(
                "The role “%(role)s” needs an organisation of the kind “%(expected)s”, and "
                "“%(organisation)s” is of the kind “%(kind)s”.",
                role=lazy_lower(role.ui_label),
                expected=lazy_lower(expected.ui_label),
                organisation=organisation.name,
                kind=lazy_lower(organisation.kind.ui_label),
            ),
            {"organisation": f"Choose a {expected.value} organisation."},
        )
    return organisation


def create_user(
    actor: User | None,
    *,
    username: str,
    password: str,
    role: str | Role,
    full_name: str = "",
    email: str | None = None,
    organisation: Organisation | None = None,
    locale: str = "en",
) -> User:
    """Create a user; `actor` is an administrator, or None for the operator's CLI."""
    if actor is not None and not can_manage_users(actor):
        raise Forbidden(_l("Only an administrator can create users."))
    username = normalise_username(username)
    if not USERNAME_RE.match(username):
        raise Invalid(
            _l("A username is 2 to 63 characters: letters a-z, digits, dot, dash or underscore."),
            {"username": "2-63 of a-z 0-9 . _ -, starting with a letter or digit."},
        )
    parsed_role = _parse_role(role)
    check_password_strength(password)
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(
            _l("The username %(username)s is taken.", username=repr(username)),
            fields={"username": "Taken."},
        )
    try:
        parsed_locale = Language(locale)
    except ValueError:
        raise Invalid(
            _l("The interface language must be en, ru or kk."), {"locale": "en/ru/kk"}
        ) from None
    user = User(
        username=username,
        full_name=(full_name or "").strip()[:200],
        email=_parse_email(email),
        password_hash=passwords.hash_password(password),
        role=parsed_role,
        organisation=_organisation_for_role(parsed_role, organisation),
        locale=parsed_locale,
    )
    db.session.add(user)
    db.session.flush()
    return user


def update_user(
    actor: User,
    user: User,
    *,
    role: str | Role,
    full_name: str,
    email: str | None,
    organisation: Organisation | None,
    active: bool,
    locale: str,
) -> User:
    """An administrator changes a user's role, organisation, details or access."""
    if not can_manage_users(actor):
        raise Forbidden(_l("Only an administrator can change users."))
    parsed_role = _parse_role(role)
    if user.id == actor.id and (not active or parsed_role is not Role.ADMIN):
        raise Invalid(_l("You cannot disable your own account or remove your own admin role."))
    try:
        user.locale = Language(locale)
    except ValueError:
        raise Invalid(
            _l("The interface language must be en, ru or kk."), {"locale": "en/ru/kk"}
        ) from None
    user.organisation = _organisation_for_role(parsed_role, organisation)
    user.role = parsed_role
    user.full_name = (full_name or "").strip()[:200]
    user.email = _parse_email(email)
    if user.active and not active:
        end_sessions(user)  # signs the user out everywhere
        revoke_tokens(user)
    user.active = active
    db.session.flush()
    return user


def set_password(actor: User | None, user: User, password: str) -> None:
    """Set a new password (the user themself, an admin, or the CLI); ends every session and
    API token of the user (a browser that should stay signed in starts a new session)."""
    if actor is not None and actor.id != user.id and not can_manage_users(actor):
        raise Forbidden(_l("You can change only your own password."))
    check_password_strength(password)
    user.password_hash = passwords.hash_password(password)
    end_sessions(user)
    revoke_tokens(user)
    db.session.flush()


def authenticate(username: str, password: str, now: datetime | None = None) -> User | None:
    """The active user with this name and password, or None (same time either way)."""
    user = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    ok = passwords.verify_password(user.password_hash if user else None, password or "")
    if not ok or user is None or not user.active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = now or utcnow()
    db.session.flush()
    return user


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start_session(user: User, lifetime: timedelta, now: datetime | None = None) -> str:
    """A new sign-in for the user; returns the key its cookie carries (set on `user` too)."""
    now = now or utcnow()
    # The user's sign-ins that can no longer be used are of no further use to anyone.
    db.session.execute(
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now)
    )
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user=user, key_hash=_digest(key), created_at=now, expires_at=now + lifetime)
    )
    db.session.flush()
    user.session_key = key
    return key


def load_session_user(session_id: str, now: datetime | None = None) -> User | None:
    """The user of a session cookie's `id:key`, while that sign-in has not ended."""
    user_id, _, key = session_id.partition(":")
    if not user_id.isdigit() or not key or len(key) > 100:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.key_hash == _digest(key)))
    now = now or utcnow()
    if (
        row is None
        or str(row.user_id) != user_id
        or row.ended_at is not None
        or row.expires_at <= now
        or not row.user.active
    ):
        return None
    row.user.session_key = key
    return row.user


def end_session(user: User, now: datetime | None = None) -> None:
    """End the sign-in this request belongs to (sign-out): its cookie stops working."""
    if user.session_key:
        row = db.session.scalar(
            select(UserSession).where(UserSession.key_hash == _digest(user.session_key))
        )
        if row is not None and row.ended_at is None:
            row.ended_at = now or utcnow()
        user.session_key = None
    db.session.flush()


def end_sessions(user: User, now: datetime | None = None) -> None:
    """End every sign-in of the user, in every browser."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=now or utcnow())
    )
    user.session_key = None
    db.session.flush()


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def issue_api_token(user: User, days: int, now: datetime | None = None) -> IssuedToken:
    """A new bearer token for the user; only its digest is kept."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(days=days)
    db.session.add(
        ApiToken(user=user, token_hash=_digest(token), created_at=now, expires_at=expires_at)
    )
    db.session.flush()
    return IssuedToken(token=token, expires_at=expires_at)


def api_token_for(token: str, now: datetime | None = None) -> ApiToken | None:
    """The valid token row a bearer token names (its user active), or None."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    return row if row.user.active else None


def revoke_token(token: ApiToken, now: datetime | None = None) -> None:
    """Revoke one API token (the one a script signs out with)."""
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
    db.session.flush()


def revoke_tokens(user: User, now: datetime | None = None) -> None:
    """Revoke every API token of the user."""
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )
    db.session.flush()


def create_organisation(actor: User | None, *, name: str, kind: str) -> Organisation:
    """Create an organisation (domestic or international)."""
    if actor is not None and not can_manage_users(actor):
        raise Forbidden(_l("Only an administrator can create organisations."))
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise Invalid(
            _l("An organisation needs a name of up to 200 characters."), {"name": "Required."}
        )
    try:
        parsed_kind = OrganisationKind(kind)
    except ValueError:
        raise Invalid(
            _l("An organisation is domestic or international."), {"kind": "Choose one."}
        ) from None
    if get_organisation_by_name(name) is not None:
        raise Conflict(
            _l("There is already an organisation named %(name)s.", name=repr(name)),
            fields={"name": "Taken."},
        )
    organisation = Organisation(name=name, kind=parsed_kind)
    try:
        # The unique name decides (SQLite's lower() folds ASCII only, so a Cyrillic name
        # typed twice can pass the check above there).
        with db.session.begin_nested():
            db.session.add(organisation)
            db.session.flush()
    except IntegrityError:
        raise Conflict(
            _l("There is already an organisation named %(name)s.", name=repr(name)),
            fields={"name": "Taken."},
        ) from None
    return organisation


def get_organisation_by_name(name: str) -> Organisation | None:
    """The organisation with this name (case-insensitive), if any."""
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    )


def get_organisation(actor: User, organisation_id: int) -> Organisation:
    """An organisation by id, for administrators."""
    if not can_manage_users(actor):
        raise NotFound(_l("There is no such organisation."))
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_l("There is no such organisation."))
    return organisation


def list_organisations() -> list[Organisation]:
    """Every organisation, by name."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def list_users(actor: User) -> list[User]:
    """Every user, for administrators."""
    if not can_manage_users(actor):
        raise Forbidden(_l("Only an administrator can list users."))
    return list(db.session.scalars(select(User).order_by(User.role, User.username)))


def get_user(actor: User, user_id: int) -> User:
    """A user by id, for administrators."""
    if not can_manage_users(actor):
        raise NotFound(_l("There is no such user."))
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_l("There is no such user."))
    return user


def get_user_by_username(username: str) -> User | None:
    """The user with this username, whatever its case, or None."""
    return db.session.scalar(select(User).where(User.username == normalise_username(username)))


def list_reviewers(role: Role) -> list[User]:
    """The active users of an expert role, for inviting to a review round."""
    return list(
        db.session.scalars(
            select(User).where(User.role == role, User.active.is_(True)).order_by(User.username)
        )
    )
