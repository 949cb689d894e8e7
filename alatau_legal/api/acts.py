"""Acts and versions: create, list, read, save (merge or 409), compare, history, import."""

from __future__ import annotations

from datetime import date
from typing import Literal

from flask import current_app, request
from pydantic import ConfigDict, Field

from ..accounts.models import Language
from ..acts import importing, services
from ..acts import models as stored
from ..acts.compare import Change as FoundChange
from ..acts.models import ActStatus, ActType, Sector
from ..acts.services import MAX_NOTE, MAX_TITLE
from ..acts.text import FlatProvision, ParseIssue
from ..acts.text.model import Kind
from ..documents.services import DOCX
from ..errors import Invalid
from ..extensions import db
from . import api_user
from .contract import Answer, operation
from .parsing import NOT_BLANK, Body, Paging, PositiveInt, Query, QueryInt, Timestamp
from .references import SaveReferences

# ---------------------------------------------------------------------------------------------
# Requests

NEW_ACT_EXAMPLE = {
    "title": "Rules on investment preferences",
    "act_type": "rules",
    "language": "en",
    "text": "Article 1. Subject\n1. These Rules govern investment preferences.",
}


class NewAct(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [NEW_ACT_EXAMPLE]})

    title: str = Field(min_length=1, max_length=MAX_TITLE, pattern=NOT_BLANK)
    act_type: ActType
    language: Language
    text: str = Field(min_length=1, pattern=NOT_BLANK)
    sector: Sector | None = None
    legal_basis: str = Field(default="", max_length=500)
    titles: dict[Language, str] = Field(
        default_factory=dict,
        description="Titles in the other languages, by language code.",
    )
    note: str = Field(default="", max_length=MAX_NOTE)


class NewVersion(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "base_version": 1,
                    "text": "Article 1. Subject\n1. Changed text.",
                    "note": "Subject narrowed",
                }
            ]
        }
    )

    base_version: PositiveInt
    text: str = Field(min_length=1, pattern=NOT_BLANK)
    note: str = Field(default="", max_length=MAX_NOTE)


class Restore(Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"note": "Back to the text the committee saw"}]}
    )

    note: str = Field(default="", max_length=MAX_NOTE)


class ActQuery(Paging):
    status: ActStatus | None = Field(default=None, description="Only acts in this status.")
    act_type: ActType | None = Field(default=None, description="Only acts of this type.")
    sector: Sector | None = Field(default=None, description="Only acts of this sector.")
    q: str = Field(default="", max_length=200, description="Words of the number or a title (any).")


class Versions(Query):
    from_: QueryInt = Field(alias="from", description="The older version.")
    to: QueryInt = Field(description="The newer version.")


class ImportForm(Query):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"title": "Rules on investment preferences", "act_type": "rules", "language": "en"}
            ]
        }
    )

    title: str = Field(min_length=1, max_length=MAX_TITLE, pattern=NOT_BLANK)
    act_type: ActType
    language: Language
    sector: Sector | None = None
    legal_basis: str = Field(default="", max_length=500)


# ---------------------------------------------------------------------------------------------
# Answers

ACT_EXAMPLE = {
    "id": 7,
    "number": "ALC-2026-007",
    "title": "Rules on investment preferences",
    "titles": {"en": "Rules on investment preferences"},
    "act_type": "rules",
    "sector": "investment",
    "legal_basis": "",
    "language": "en",
    "status": "drafting",
    "current_version": 1,
    "deadline": None,
    "lead_drafter": "drafter",
    "created_at": "2026-03-02T09:15:00+00:00",
    "updated_at": "2026-03-02T09:15:00+00:00",
}


class Act(Answer):
    """The act"""

    model_config = ConfigDict(json_schema_extra={"examples": [ACT_EXAMPLE]})

    id: int
    number: str
    title: str
    titles: dict[Language, str] = Field(
        description="The title in each language it has, by language code."
    )
    act_type: ActType
    sector: Sector
    legal_basis: str
    language: Language
    status: ActStatus
    current_version: int
    deadline: date | None
    lead_drafter: str
    created_at: Timestamp
    updated_at: Timestamp

    @classmethod
    def fields_of(cls, act: stored.Act) -> dict:
        return {
            "id": act.id,
            "number": act.number,
            "title": act.title,
            "titles": act.titles,
            "act_type": act.act_type,
            "sector": act.sector,
            "legal_basis": act.legal_basis,
            "language": act.language,
            "status": act.status,
            "current_version": act.current_version,
            "deadline": act.deadline,
            "lead_drafter": act.lead_drafter.username,
            "created_at": act.created_at,
            "updated_at": act.updated_at,
        }

    @classmethod
    def of(cls, act: stored.Act) -> Act:
        return cls(**cls.fields_of(act))


class Issue(Answer):
    """A remark of the text parser about one line (the text was saved anyway)."""

    line: int
    message: str

    @classmethod
    def all(cls, issues: list[ParseIssue]) -> list[Issue]:
        return [cls(line=issue.line, message=issue.message) for issue in issues]


class ActCreated(Act):
    """The act, in drafting, with version 1"""

    model_config = ConfigDict(json_schema_extra={"examples": [{**ACT_EXAMPLE, "issues": []}]})

    issues: list[Issue]


class ActPage(Answer):
    """A page of acts"""

    items: list[Act]
    total: int


VERSION_EXAMPLE = {
    "number": 2,
    "author": "drafter",
    "created_at": "2026-03-03T10:00:00+00:00",
    "note": "Definitions reworded",
    "base_version": 1,
    "merged": False,
    "restored_from": None,
    "provision_count": 12,
}


class Version(Answer):
    """A version"""

    model_config = ConfigDict(json_schema_extra={"examples": [VERSION_EXAMPLE]})

    number: int
    author: str
    created_at: Timestamp
    note: str
    base_version: int | None
    merged: bool
    restored_from: int | None
    provision_count: int

    @classmethod
    def fields_of(cls, version: stored.Version) -> dict:
        return {
            "number": version.number,
            "author": version.author.username,
            "created_at": version.created_at,
            "note": version.note,
            "base_version": version.base_version,
            "merged": version.merged,
            "restored_from": version.restored_from,
            "provision_count": version.provision_count,
        }

    @classmethod
    def of(cls, version: stored.Version) -> Version:
        return cls(**cls.fields_of(version))


class VersionPage(Answer):
    """The versions, newest first"""

    items: list[Version]
    total: int


class Provision(Answer):
    """One provision of a version, without its children (document order)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "eid": "art_1__para_1",
                    "kind": "paragraph",
                    "num": "1",
                    "heading": "",
                    "text": "These Rules govern investment preferences in Alatau City.",
                    "parent": "art_1",
                }
            ]
        }
    )

    eid: str
    kind: Kind
    num: str | None
    heading: str
    text: str
    parent: str | None

    @classmethod
    def of(cls, row: FlatProvision) -> Provision:
        return cls(
            eid=row.eid,
            kind=row.kind,
            num=row.num,
            heading=row.heading,
            text=row.text,
            parent=row.parent,
        )


class VersionText(Version):
    """The version's text and provisions"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **VERSION_EXAMPLE,
                    "provision_count": 2,
                    "text": "Article 1. Subject\n1. These Rules govern investment preferences.",
                    "provisions": [
                        {
                            "eid": "art_1",
                            "kind": "article",
                            "num": "1",
                            "heading": "Subject",
                            "text": "",
                            "parent": None,
                        },
                        {
                            "eid": "art_1__para_1",
                            "kind": "paragraph",
                            "num": "1",
                            "heading": "",
                            "text": "These Rules govern investment preferences.",
                            "parent": "art_1",
                        },
                    ],
                }
            ]
        }
    )

    text: str
    provisions: list[Provision]


class SavedVersion(Answer):
    """The new version's number; merged when others saved since base_version"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number": 3,
                    "merged": True,
                    "issues": [],
                    "references": {"broken": [], "shifted": []},
                }
            ]
        }
    )

    number: int
    merged: bool
    issues: list[Issue]
    references: SaveReferences


class Change(Answer):
    """One provision that differs between the two versions"""

    eid: str
    change: Literal["added", "removed", "changed", "moved"]
    old: Provision | None
    new: Provision | None
    diff: list[tuple[Literal["equal", "insert", "delete"], str]] | None = Field(
        description="The word diff of a changed provision: [op, text] pairs."
    )

    @classmethod
    def of(cls, change: FoundChange) -> Change:
        return cls(
            eid=change.eid,
            change=change.change,
            old=Provision.of(change.old) if change.old else None,
            new=Provision.of(change.new) if change.new else None,
            diff=list(change.diff) if change.diff is not None else None,
        )


class Comparison(Answer):
    """The changed provisions"""

    from_: int = Field(alias="from")
    to: int
    changes: list[Change]


class HistoryEntry(Answer):
    """A version in which the provision changed"""

    version: int
    change: Literal["added", "changed", "removed"]
    author: str
    created_at: Timestamp
    note: str
    comment_ids: list[int]
    provision: Provision | None


class History(Answer):
    """The provision's history, oldest first"""

    items: list[HistoryEntry]
    total: int


# ---------------------------------------------------------------------------------------------
# Operations


@operation(
    "POST",
    "/acts",
    tag="Acts",
    summary="Create an act (drafter)",
    body=NewAct,
    answers={201: ActCreated},
    errors=(403, 413),
)
def create_act(body: NewAct) -> tuple[ActCreated, int]:
    act, issues = services.create_act(
        api_user(),
        title=body.title,
        act_type=body.act_type,
        language=body.language,
        text=body.text,
        sector=body.sector,
        legal_basis=body.legal_basis,
        other_titles={language.value: title for language, title in body.titles.items()},
        note=body.note,
        max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
    )
    db.session.commit()
    return ActCreated(**Act.fields_of(act), issues=Issue.all(issues)), 201


@operation(
    "GET",
    "/acts",
    tag="Acts",
    summary="The acts this user may see",
    query=ActQuery,
    answers={200: ActPage},
)
def list_acts(query: ActQuery) -> ActPage:
    result = services.list_acts(
        api_user(),
        status=query.status,
        act_type=query.act_type,
        sector=query.sector,
        q=query.q or None,
        page=query.page,
        per_page=query.per_page,
    )
    return ActPage(items=[Act.of(act) for act in result.items], total=result.total)


@operation("GET", "/acts/<int:act_id>", tag="Acts", summary="One act", answers={200: Act})
def get_act(act_id: int) -> Act:
    return Act.of(services.get_act(api_user(), act_id))


@operation(
    "GET",
    "/acts/<int:act_id>/versions",
    tag="Acts",
    summary="The act's versions, newest first",
    answers={200: VersionPage},
)
def list_versions(act_id: int) -> VersionPage:
    act = services.get_act(api_user(), act_id)
    versions = services.list_versions(api_user(), act)
    return VersionPage(items=[Version.of(v) for v in versions], total=len(versions))


@operation(
    "GET",
    "/acts/<int:act_id>/versions/<int:number>",
    tag="Acts",
    summary="One version's text and provisions",
    answers={200: VersionText},
)
def get_version(act_id: int, number: int) -> VersionText:
    act = services.get_act(api_user(), act_id)
    shown = services.get_version(api_user(), act, number)
    return VersionText(
        **Version.fields_of(shown.version),
        text=shown.text,
        provisions=[Provision.of(row) for row in shown.flat],
    )


@operation(
    "POST",
    "/acts/<int:act_id>/versions",
    tag="Acts",
    summary="Save a new version (drafter, act in drafting)",
    description=(
        "409 `conflict` with `conflicts` (eIds) when the same provisions changed "
        "since base_version; 409 when the act is not in drafting."
    ),
    body=NewVersion,
    answers={201: SavedVersion},
    errors=(403, 409, 413),
)
def save_version(act_id: int, body: NewVersion) -> tuple[SavedVersion, int]:
    result = services.save_version(
        api_user(),
        act_id,
        base_version=body.base_version,
        text=body.text,
        note=body.note,
        max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
    )
    db.session.commit()
    saved = SavedVersion(
        number=result.version.number,
        merged=result.merged,
        issues=Issue.all(result.issues),
        references=SaveReferences.of(result.references),
    )
    return saved, 201


@operation(
    "POST",
    "/acts/<int:act_id>/versions/<int:number>/restore",
    tag="Acts",
    summary="Save an earlier version's text as the newest (drafter)",
    body=Restore,
    body_required=False,
    answers={201: Version},
    answer_descriptions={201: "The new version"},
    errors=(403, 409),
)
def restore_version(act_id: int, number: int, body: Restore) -> tuple[Version, int]:
    version = services.restore_version(api_user(), act_id, number, note=body.note)
    db.session.commit()
    return Version.of(version), 201


@operation(
    "GET",
    "/acts/<int:act_id>/compare",
    tag="Acts",
    summary="What changed between two versions",
    query=Versions,
    answers={200: Comparison},
)
def compare(act_id: int, query: Versions) -> Comparison:
    act = services.get_act(api_user(), act_id)
    old, new, changes = services.compare_versions(api_user(), act, query.from_, query.to)
    return Comparison(
        from_=old.version.number,
        to=new.version.number,
        changes=[Change.of(change) for change in changes],
    )


@operation(
    "GET",
    "/acts/<int:act_id>/provisions/<eid>/history",
    tag="Acts",
    summary="The versions in which one provision changed",
    answers={200: History},
)
def provision_history(act_id: int, eid: str) -> History:
    act = services.get_act(api_user(), act_id)
    entries = services.provision_history(api_user(), act, eid)
    return History(
        items=[
            HistoryEntry(
                version=entry.version.number,
                change=entry.change,
                author=entry.version.author.username,
                created_at=entry.version.created_at,
                note=entry.version.note,
                comment_ids=entry.comment_ids,
                provision=Provision.of(entry.provision) if entry.provision else None,
            )
            for entry in entries
        ],
        total=len(entries),
    )


@operation(
    "POST",
    "/acts/import",
    tag="Acts",
    summary="Create an act from a Word file (drafter)",
    form=ImportForm,
    files={"file": DOCX},
    answers={201: ActCreated},
    errors=(403, 413),
)
def import_act(form: ImportForm) -> tuple[ActCreated, int]:
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("Attach the Word file in the 'file' field.", {"file": "Required."})
    act, issues = importing.import_docx(
        api_user(),
        data=upload.read(current_app.config["MAX_CONTENT_LENGTH"] + 1),
        title=form.title,
        act_type=form.act_type,
        language=form.language,
        sector=form.sector,
        legal_basis=form.legal_basis,
        max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
        max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
    )
    db.session.commit()
    return ActCreated(**Act.fields_of(act), issues=Issue.all(issues)), 201
