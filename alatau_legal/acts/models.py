"""The act registry and its versions.

A version's text is a tree of provisions stored content-addressed (`ProvisionNode`): each node
is keyed by a hash of its own content and its children's hashes, so an unchanged provision, or
a whole unchanged chapter, is stored once however many versions contain it (as git stores
trees). A node's wording is kept apart (`ProvisionWording`), so an article whose paragraph
changed is a new node that lists its children but shares its wording. A version keeps only
the hashes of its top-level provisions.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Language, User, enum_column
from ..extensions import db
from ..i18n import N_, LabelledEnum
from ..timeutil import UTCDateTime
from .text.model import Kind


class ActType(LabelledEnum):
    CONSTITUTIONAL_LAW = "constitutional_law"
    LAW = "law"
    DECREE = "decree"
    REGULATION = "regulation"
    ORDER = "order"
    RULES = "rules"

    @property
    def label(self) -> str:
        return ACT_TYPE_LABELS[self]


ACT_TYPE_LABELS = {
    ActType.CONSTITUTIONAL_LAW: N_("Constitutional law"),
    ActType.LAW: N_("Law"),
    ActType.DECREE: N_("Government decree"),
    ActType.REGULATION: N_("Authority regulation"),
    ActType.ORDER: N_("Order"),
    ActType.RULES: N_("Rules"),
}


class ActStatus(LabelledEnum):
    """The workflow states of PRODUCT.md section 4."""

    DRAFTING = "drafting"
    DOMESTIC_REVIEW = "domestic_review"
    INTERNATIONAL_REVIEW = "international_review"
    COMMITTEE_REVIEW = "committee_review"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return ACT_STATUS_LABELS[self]


ACT_STATUS_LABELS = {
    ActStatus.DRAFTING: N_("Drafting"),
    ActStatus.DOMESTIC_REVIEW: N_("Domestic review"),
    ActStatus.INTERNATIONAL_REVIEW: N_("International review"),
    ActStatus.COMMITTEE_REVIEW: N_("Committee review"),
    ActStatus.APPROVED: N_("Approved"),
    ActStatus.WITHDRAWN: N_("Withdrawn"),
}


class Sector(LabelledEnum):
    INVESTMENT = "investment"
    URBAN_PLANNING = "urban_planning"
    MIGRATION_LABOUR = "migration_labour"
    TAX = "tax"
    COURTS = "courts"
    GOVERNANCE = "governance"
    INFRASTRUCTURE = "infrastructure"
    EDUCATION = "education"
    OTHER = "other"

    @property
    def label(self) -> str:
        return SECTOR_LABELS[self]


SECTOR_LABELS = {
    Sector.INVESTMENT: N_("Investment"),
    Sector.URBAN_PLANNING: N_("Urban planning"),
    Sector.MIGRATION_LABOUR: N_("Migration and labour"),
    Sector.TAX: N_("Tax"),
    Sector.COURTS: N_("Courts"),
    Sector.GOVERNANCE: N_("Governance"),
    Sector.INFRASTRUCTURE: N_("Infrastructure"),
    Sector.EDUCATION: N_("Education"),
    Sector.OTHER: N_("Other"),
}


class Act(db.Model):
    __tablename__ = "acts"
    __table_args__ = (
        CheckConstraint(
            "(language = 'en' AND title_en IS NOT NULL)"
            " OR (language = 'ru' AND title_ru IS NOT NULL)"
            " OR (language = 'kk' AND title_kk IS NOT NULL)",
            name="title_in_own_language",
        ),
        CheckConstraint("languages LIKE language || '%'", name="drafting_language_first"),
        CheckConstraint("current_version >= 1", name="current_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    act_type: Mapped[ActType] = mapped_column(enum_column(ActType, "act_type"))
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, "sector"), default=Sector.OTHER)
    legal_basis: Mapped[str] = mapped_column(String(500), default="")
    language: Mapped[Language] = mapped_column(enum_column(Language, "act_language"))
    title_en: Mapped[str | None] = mapped_column(String(500))
    title_ru: Mapped[str | None] = mapped_column(String(500))
    title_kk: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[ActStatus] = mapped_column(
        enum_column(ActStatus, "act_status"), default=ActStatus.DRAFTING, index=True
    )
    lead_drafter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    deadline: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The authentic languages, drafting language first, comma-separated ("ru,kk,en").
    language_codes: Mapped[str] = mapped_column("languages", String(16))

    lead_drafter: Mapped[User] = relationship(lazy="joined")

    @property
    def title(self) -> str:
        """The title in the act's own language."""
        return self.title_in(self.language)

    def title_in(self, language: str) -> str:
        """The title in `language` if the act has one, else in its own language."""
        own = getattr(self, f"title_{self.language.value}") or ""
        return getattr(self, f"title_{language}", None) or own

    @property
    def languages(self) -> list[str]:
        """The authentic languages of the text, the drafting language first."""
        codes = [code for code in (self.language_codes or "").split(",") if code]
        return codes or [self.language.value]

    @property
    def translations(self) -> list[str]:
        """The authentic languages other than the drafting language."""
        return [code for code in self.languages if code != self.language.value]

    @property
    def titles(self) -> dict[str, str]:
        return {
            lang.value: title
            for lang in Language
            if (title := getattr(self, f"title_{lang.value}"))
        }

    def __repr__(self) -> str:
        return f"<Act {self.number} {self.status.value}>"


class ActNumberSequence(db.Model):
    """The last registry number given in a year, so numbers are dense and never reused."""

    __tablename__ = "act_number_sequences"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class ContentHash(TypeDecorator):
    """A 128-bit content address: a 32-character hexadecimal string in Python, 16 bytes in the
    database (PostgreSQL's fixed-size `uuid`, elsewhere a 16-byte blob), half the hex text's."""

    impl = LargeBinary(16)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID(as_uuid=True))
        return dialect.type_descriptor(LargeBinary(16))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return uuid.UUID(hex=value) if dialect.name == "postgresql" else bytes.fromhex(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.hex if isinstance(value, uuid.UUID) else bytes(value).hex()


class HashList(TypeDecorator):
    """An ordered list of 128-bit content addresses: hexadecimal strings in Python, their 16
    raw bytes one after another in the database (16 bytes a child, not a JSON list's 35)."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return b"".join(bytes.fromhex(key) for key in value)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        raw = bytes(value)
        return tuple(raw[start : start + 16].hex() for start in range(0, len(raw), 16))


class ProvisionWording(db.Model):
    """A provision's own wording (kind, number, heading, text), stored once per distinct
    wording, keyed by its hash: nodes that differ only in their children share it."""

    __tablename__ = "provision_wordings"
    __table_args__ = (
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{kind.value}'" for kind in Kind) + ")", name="kind"
        ),
    )

    hash: Mapped[str] = mapped_column(ContentHash, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    num: Mapped[str | None] = mapped_column(String(32))
    heading: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")


class ProvisionNode(db.Model):
    """One provision of a tree: its wording's hash and its children's hashes, stored once per
    distinct content. The node's own hash covers its wording and its children's hashes (see
    `storage.node_hash`); a parent whose child changed is a new node that shares its wording."""

    __tablename__ = "provision_nodes"

    hash: Mapped[str] = mapped_column(ContentHash, primary_key=True)
    wording: Mapped[str] = mapped_column(
        ContentHash, ForeignKey("provision_wordings.hash", ondelete="RESTRICT")
    )
    children: Mapped[tuple[str, ...]] = mapped_column(HashList, default=tuple)


class Version(db.Model):
    """An immutable saved text of an act."""

    __tablename__ = "versions"
    __table_args__ = (
        UniqueConstraint("act_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("base_version IS NULL OR base_version < number", name="base_before"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(1000), default="")
    base_version: Mapped[int | None] = mapped_column(Integer)
    merged: Mapped[bool] = mapped_column(Boolean, default=False)
    restored_from: Mapped[int | None] = mapped_column(Integer)
    # The hashes of the top-level provisions, in order; the tree hangs below them.
    top_provisions: Mapped[list[str]] = mapped_column(JSON)
    provision_count: Mapped[int] = mapped_column(Integer, default=0)
    # A renumbering version: what each eId of the version before became ({old: new}).
    renumbered: Mapped[dict[str, str] | None] = mapped_column(JSON)

    act: Mapped[Act] = relationship(lazy="raise")
    author: Mapped[User] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Version act={self.act_id} v{self.number}>"


class VersionLanguageText(db.Model):
    """The text of a version in one language, with when each of its provisions last changed.

    Versions are immutable, so what alignment needs is worked out once, when the version is
    saved: `last_changed` maps each eId of this language's text to the number of the version
    in which its own wording (kind, number, heading, text) last changed in this language. A
    translation's provision is outdated when the drafting language's wording of the same eId
    changed in a later version than the translation's. A language carried over unchanged
    reuses the same top hashes (the nodes are shared) and the same map.

    Versions saved before languages existed have no row for their drafting language; their
    text is `Version.top_provisions`, which always holds the drafting language's text.
    """

    __tablename__ = "version_texts"
    __table_args__ = (
        UniqueConstraint("version_id", "language"),
        CheckConstraint("language IN ('en', 'ru', 'kk')", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("versions.id", ondelete="RESTRICT"), index=True
    )
    language: Mapped[str] = mapped_column(String(2))
    top_provisions: Mapped[list[str]] = mapped_column(JSON)
    provision_count: Mapped[int] = mapped_column(Integer, default=0)
    # Null on a carried-over language: the map is on the row of version `saved_in`.
    last_changed: Mapped[dict[str, int] | None] = mapped_column(JSON)
    # The version whose row holds this text's map (its own number when this language was
    # saved in this version).
    saved_in: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<VersionLanguageText version={self.version_id} {self.language}>"


class ProvisionReference(db.Model):
    """A reference found in one language's text of a version, as it resolved when saved.

    Versions are immutable, so these rows are written once with the version and answer
    "what does this provision cite" and, through `ReferenceTarget`, "what cites it".
    """

    __tablename__ = "provision_references"
    __table_args__ = (
        CheckConstraint("status IN ('resolved', 'broken', 'external')", name="reference_status"),
        UniqueConstraint("version_id", "language", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("versions.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(2))
    position: Mapped[int] = mapped_column(Integer)  # order in the version's text
    source_eid: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    target_eid: Mapped[str | None] = mapped_column(String(255))
    targets: Mapped[list[str]] = mapped_column(JSON, default=list)
    external: Mapped[str | None] = mapped_column(Text)
    external_iri: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))


class ReferenceTarget(db.Model):
    """One provision a reference names (every one of a list or range), to query by target."""

    __tablename__ = "reference_targets"

    reference_id: Mapped[int] = mapped_column(
        ForeignKey("provision_references.id", ondelete="CASCADE"), primary_key=True
    )
    target_eid: Mapped[str] = mapped_column(String(255), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))

    __table_args__ = (Index("ix_reference_targets_version_target", "version_id", "target_eid"),)
