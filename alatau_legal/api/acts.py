"""Acts and versions: create, list, read, save (merge or 409), compare, history, import."""

from __future__ import annotations

from datetime import date
from typing import Literal

from flask import current_app, request
from pydantic import ConfigDict, Field

from ..accounts.models import Language
from ..acts import importing, services
from ..acts import languages as act_languages
from ..acts import models as stored
from ..acts.compare import Change as FoundChange
from ..acts.models import ActStatus, ActType, Sector
from ..acts.services import MAX_NOTE, MAX_TITLE
from ..acts.text import FlatProvision, ParseIssue
from ..acts.text.model import Kind
from ..documents.services import DOCX
from ..errors import Invalid, english
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
    language: Language | None = Field(
        default=None,
        description="The language of `text` (one of the act's; default: its drafting language).",
    )
    confirmed: list[str] = Field(
        default_factory=list,
        max_length=10_000,
        description="eIds of a translation checked against the drafting language's new wording "
        "and left as they are: they count as translated in this version.",
    )


class ActChange(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"languages": ["ru", "kk", "en"]}]})

    languages: list[Language] = Field(
        min_length=1, max_length=3, description="The authentic languages, the drafting one first."
    )


class InLanguage(Query):
    language: Language | None = Field(
        default=None,
        description="The language of the text: one of the act's (default: its drafting "
        "language); 400 if not.",
    )


class AlignmentQuery(Query):
    version: QueryInt | None = Field(default=None, description="The version (default: latest).")


class LanguageImportForm(Query):
    model_config = ConfigDict(json_schema_extra={"examples": [{"language": "kk"}]})

    language: Language | None = Field(
        default=None, description="One of the act's languages (default: the drafting language)."
    )
    base_version: QueryInt | None = Field(
        default=None, description="The version the text is based on (default: the latest)."
    )
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


class VersionsInLanguage(Versions):
    language: Language | None = Field(
        default=None,
        description="The language of the texts compared: one of the act's (default: its "
        "drafting language); 400 if not.",
    )


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
    "languages": ["en"],
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
    languages: list[Language] = Field(
        description="The authentic languages, the drafting language first."
    )
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
            "languages": act.languages,
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
        # English whatever the reader's language, as every message of the API.
        return [cls(line=issue.line, message=english(issue.message)) for issue in issues]


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
                    "language": "en",
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

    language: Language = Field(description="The language of `text` and `provisions`.")
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
                    "language": "en",
                    "issues": [],
                    "references": {"broken": [], "shifted": []},
                }
            ]
        }
    )

    number: int
    merged: bool
    language: Language = Field(description="The language saved; the others were carried over.")
    issues: list[Issue]
    references: SaveReferences


class LanguageState(Answer):
    """How one language's text stands against the drafting language's"""

    drafting: bool
    written: bool
    aligned: int
    total: int
    missing: list[str]
    extra: list[str]
    outdated: list[str]


class Alignment(Answer):
    """The alignment of one version's authentic languages"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": 4,
                    "drafting_language": "ru",
                    "complete": False,
                    "languages": {
                        "ru": {"drafting": True, "written": True, "aligned": 12, "total": 12,
                               "missing": [], "extra": [], "outdated": []},
                        "kk": {"drafting": False, "written": True, "aligned": 11, "total": 12,
                               "missing": [], "extra": [], "outdated": ["art_3__para_2"]},
                    },
                }
            ]
        }
    )  # fmt: skip

    version: int
    drafting_language: Language
    complete: bool = Field(
        description="Every authentic language has every eId of the drafting language (none "
        "`missing`), no other (`extra`), and none whose drafting wording changed in a later "
        "version than its translation (`outdated`)."
    )
    languages: dict[Language, LanguageState]


class LanguageImported(Answer):
    """The new version, and the provisions of that language that do not align"""

    number: int
    language: Language
    merged: bool
    issues: list[Issue]
    aligned: int
    missing: list[str]
    extra: list[str]
    outdated: list[str]


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

    language: Language
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

    language: Language
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
    "PATCH",
    "/acts/<int:act_id>",
    tag="Acts",
    summary="Set the act's authentic languages (its drafter or the secretary)",
    description="The drafting language comes first; 409 when the act is not in drafting. "
    "Recorded in the act's timeline.",
    body=ActChange,
    answers={200: Act},
    errors=(403, 409),
)
def change_act(act_id: int, body: ActChange) -> Act:
    act = services.get_act(api_user(), act_id, for_update=True)
    act_languages.set_languages(api_user(), act, [language.value for language in body.languages])
    db.session.commit()
    return Act.of(act)


@operation(
    "GET",
    "/acts/<int:act_id>/alignment",
    tag="Acts",
    summary="How each authentic language stands against the drafting language",
    query=AlignmentQuery,
    answers={200: Alignment},
)
def alignment(act_id: int, query: AlignmentQuery) -> Alignment:
    act = services.get_act(api_user(), act_id)
    result = services.alignment(api_user(), act, query.version)
    return Alignment(
        version=result.version,
        drafting_language=result.drafting_language,
        complete=result.complete,
        languages={
            entry.language: LanguageState(
                drafting=entry.drafting,
                written=entry.written,
                aligned=entry.aligned,
                total=entry.total,
                missing=entry.missing,
                extra=entry.extra,
                outdated=entry.outdated,
            )
            for entry in result.languages.values()
        },
    )


@operation(
    "POST",
    "/acts/<int:act_id>/import",
    tag="Acts",
    summary="A Word file as the text of one language of the act (drafter, in drafting)",
    description="A new version; the other languages are carried over unchanged.",
    form=LanguageImportForm,
    files={"file": DOCX},
    answers={201: LanguageImported},
    errors=(403, 409, 413),
)
def import_language(act_id: int, form: LanguageImportForm) -> tuple[LanguageImported, int]:
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("Attach the Word file in the 'file' field.", {"file": "Required."})
    imported = importing.import_language_docx(
        api_user(),
        act_id,
        data=upload.read(current_app.config["MAX_CONTENT_LENGTH"] + 1),
        language=form.language.value if form.language else "",
        base_version=form.base_version,
        note=form.note,
        max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
        max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
    )
    db.session.commit()
    entry = imported.alignment
    return LanguageImported(
        number=imported.result.version.number,
        language=imported.result.language,
        merged=imported.result.merged,
        issues=Issue.all(imported.result.issues),
        aligned=entry.aligned,
        missing=entry.missing,
        extra=entry.extra,
        outdated=entry.outdated,
    ), 201


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
    summary="One version's text and provisions, in one language",
    description="`text` and `provisions` are empty while the language is not written yet.",
    query=InLanguage,
    answers={200: VersionText},
)
def get_version(act_id: int, number: int, query: InLanguage) -> VersionText:
    act = services.get_act(api_user(), act_id)
    language = query.language.value if query.language else None
    shown = services.get_version(api_user(), act, number, language)
    return VersionText(
        **{**Version.fields_of(shown.version), "provision_count": len(shown.flat)},
        language=shown.language,
        text=shown.text if shown.provisions else "",
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
        language=body.language.value if body.language else None,
        confirmed=body.confirmed,
        max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
    )
    db.session.commit()
    saved = SavedVersion(
        number=result.version.number,
        merged=result.merged,
        language=result.language,
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
    query=VersionsInLanguage,
    answers={200: Comparison},
)
def compare(act_id: int, query: VersionsInLanguage) -> Comparison:
    act = services.get_act(api_user(), act_id)
    old, new, changes = services.compare_versions(
        api_user(), act, query.from_, query.to, query.language.value if query.language else None
    )
    return Comparison(
        language=new.language,
        from_=old.version.number,
        to=new.version.number,
        changes=[Change.of(change) for change in changes],
    )


@operation(
    "GET",
    "/acts/<int:act_id>/provisions/<eid>/history",
    tag="Acts",
    summary="The versions in which one provision changed, in one language",
    query=InLanguage,
    answers={200: History},
)
def provision_history(act_id: int, eid: str, query: InLanguage) -> History:
    act = services.get_act(api_user(), act_id)
    language = query.language.value if query.language else act.language.value
    entries = services.provision_history(api_user(), act, eid, language)
    return History(
        language=language,
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
