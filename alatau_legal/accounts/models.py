"""Users, organisations and API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import N_, LabelledEnum
from ..timeutil import UTCDateTime, utcnow


class Role(LabelledEnum):
    """The roles of PRODUCT.md section 1."""

    ADMIN = "admin"
    DRAFTER = "drafter"
    DOMESTIC_EXPERT = "domestic_expert"
    INTERNATIONAL_EXPERT = "international_expert"
    SECRETARY = "secretary"
    COMMITTEE_MEMBER = "committee_member"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: N_("Admin"),
    Role.DRAFTER: N_("Drafter"),
    Role.DOMESTIC_EXPERT: N_("Domestic expert"),
    Role.INTERNATIONAL_EXPERT: N_("International expert"),
    Role.SECRETARY: N_("Secretary"),
    Role.COMMITTEE_MEMBER: N_("Committee member"),
}


class OrganisationKind(LabelledEnum):
    DOMESTIC = "domestic"
    INTERNATIONAL = "international"

    @property
    def label(self) -> str:
        return N_("Domestic") if self is OrganisationKind.DOMESTIC else N_("International")


class Language(StrEnum):
    """Languages of acts and of the interface."""

    EN = "en"
    RU = "ru"
    KK = "kk"


def enum_column(enum_cls: type[StrEnum], name: str) -> Enum:
    """A portable enum column: VARCHAR plus a named CHECK, the same on SQLite and PostgreSQL."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "org_kind"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="organisation", lazy="raise")

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("username = lower(username)", name="username_lower"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    # The interface language: set by the administrator, changed by the user on their profile.
    locale: Mapped[Language] = mapped_column(enum_column(Language, "locale"), default=Language.EN)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped to revoke the private calendar feed: its token is signed with this number.
    calendar_generation: Mapped[int] = mapped_column(default=1, server_default="1")

    organisation: Mapped[Organisation | None] = relationship(back_populates="users", lazy="joined")

    # The key of the sign-in this request belongs to (see `UserSession`); not a column.
    session_key = None  # str while set; a plain attribute, not mapped

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        # What the session (and remember) cookie carries: the user and the sign-in's secret
        # key, which names a row of `user_sessions` that the server can end.
        return f"{self.id}:{self.session_key}"

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def __repr__(self) -> str:
        return f"<User {self.username!r} {self.role.value}>"


class ApiToken(db.Model):
    """A bearer token for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class UserSession(db.Model):
    """One sign-in in a browser; ending the row signs that browser out, whatever its cookie.

    The cookie holds a random key; only its SHA-256 is kept here, as for API tokens.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")
