"""References (API.md "References"): what a version cites, what cites a provision, renumbering,
and what a save broke or left pointing elsewhere (part of the save's answer in acts.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from ..accounts.models import Language
from ..acts import services
from ..acts.references import Affected, SaveReport
from ..acts.services import MAX_NOTE
from ..extensions import db
from . import api_user
from .contract import Answer, operation
from .parsing import Body, PositiveInt, Query, QueryInt

# ---------------------------------------------------------------------------------------------
# Requests


class LanguageQuery(Query):
    language: Language | None = Field(
        default=None, description="The text's language (default and only value: the act's own)."
    )


class ReferrersQuery(LanguageQuery):
    version: QueryInt | None = Field(default=None, description="The version (default: the latest).")


class Renumber(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"base_version": 3, "note": "Renumbered after inserting Article 4-1"}]
        }
    )

    base_version: PositiveInt = Field(description="The latest version, which is renumbered.")
    note: str = Field(default="", max_length=MAX_NOTE)


# ---------------------------------------------------------------------------------------------
# Answers


class Reference(Answer):
    """One reference where it stands, as written, and what it names"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "eid": "art_9__para_1",
                    "text": "пунктом 2 статьи 7 настоящего Закона",
                    "target": "art_7__para_2",
                    "targets": ["art_7__para_2"],
                    "external": None,
                    "external_iri": None,
                    "status": "resolved",
                }
            ]
        }
    )

    eid: str = Field(description="The provision the reference stands in.")
    text: str = Field(description="The reference as written.")
    target: str | None = Field(description="The eId it names in this version, or null.")
    targets: list[str] = Field(description="Every eId a range or list names.")
    external: str | None = Field(description="The cited act as written, or null.")
    external_iri: str | None = Field(
        description="The cited act's AKN IRI, where its date and number are written."
    )
    status: Literal["resolved", "broken", "external"]

    @classmethod
    def of(cls, row) -> Reference:
        return cls(
            eid=row.source_eid,
            text=row.text,
            target=row.target_eid,
            targets=list(row.targets or []),
            external=row.external,
            external_iri=row.external_iri,
            status=row.status,
        )


class ReferencePage(Answer):
    """The version's references in document order"""

    items: list[Reference]
    total: int


class Referrer(Answer):
    """A reference that names the provision"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"eid": "art_1__para_2", "text": "пунктом 2 статьи 3 настоящего Закона"}]
        }
    )

    eid: str = Field(description="The provision the reference stands in.")
    text: str = Field(description="The reference as written.")

    @classmethod
    def of(cls, row) -> Referrer:
        return cls(eid=row.source_eid, text=row.text)


class ReferrerPage(Answer):
    """Where each reference to the provision stands, and its wording"""

    items: list[Referrer]
    total: int


class AffectedReference(Answer):
    """A reference a save broke (its target was deleted) or left naming another provision"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "eid": "art_1__para_1",
                    "text": "статье 3 настоящего Закона",
                    "target": "art_4",
                    "was": "art_3",
                    "now_at": "art_4",
                }
            ]
        }
    )

    eid: str = Field(description="The provision the reference stands in.")
    text: str = Field(description="The reference as written.")
    target: str | None = Field(
        description="Broken: the provision it named before the save; shifted: the one it names now."
    )
    was: str | None = Field(
        description="Shifted: the provision it named before the save (null when broken)."
    )
    now_at: str | None = Field(
        description="Shifted: where that provision is now (null when broken)."
    )

    @classmethod
    def of(cls, affected: Affected) -> AffectedReference:
        return cls(
            eid=affected.eid,
            text=affected.text,
            target=affected.target,
            was=affected.was,
            now_at=affected.now_at,
        )


class SaveReferences(Answer):
    """The references this save broke or left pointing at a different provision"""

    broken: list[AffectedReference]
    shifted: list[AffectedReference]

    @classmethod
    def of(cls, report: SaveReport) -> SaveReferences:
        return cls(
            broken=[AffectedReference.of(a) for a in report.broken],
            shifted=[AffectedReference.of(a) for a in report.shifted],
        )


class RenumberedEid(Answer):
    """What one eId became"""

    old_eid: str
    new_eid: str


class Renumbered(Answer):
    """The new version and what each eId became"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number": 4,
                    "renumbered": [{"old_eid": "art_4-1", "new_eid": "art_5"}],
                    "rewritten": 3,
                }
            ]
        }
    )

    number: int = Field(description="The new version.")
    renumbered: list[RenumberedEid]
    rewritten: int = Field(description="How many references were rewritten.")


# ---------------------------------------------------------------------------------------------
# Operations


def _language(query: LanguageQuery) -> str | None:
    return query.language.value if query.language else None


@operation(
    "GET",
    "/acts/<int:act_id>/versions/<int:number>/references",
    tag="References",
    summary="The references in one version's text",
    query=LanguageQuery,
    answers={200: ReferencePage},
)
def version_references(act_id: int, number: int, query: LanguageQuery) -> ReferencePage:
    act = services.get_act(api_user(), act_id)
    rows = services.version_references(api_user(), act, number, _language(query))
    return ReferencePage(items=[Reference.of(row) for row in rows], total=len(rows))


@operation(
    "GET",
    "/acts/<int:act_id>/provisions/<eid>/referrers",
    tag="References",
    summary="The references that name this provision",
    query=ReferrersQuery,
    answers={200: ReferrerPage},
)
def provision_referrers(act_id: int, eid: str, query: ReferrersQuery) -> ReferrerPage:
    act = services.get_act(api_user(), act_id)
    rows = services.provision_referrers(api_user(), act, eid, query.version, _language(query))
    return ReferrerPage(items=[Referrer.of(row) for row in rows], total=len(rows))


@operation(
    "POST",
    "/acts/<int:act_id>/renumber",
    tag="References",
    summary="Number the draft in sequence again, rewriting every internal reference (drafter)",
    description=(
        "409 when the act is not in drafting or base_version is not the latest; "
        "400 when the text is already numbered in sequence."
    ),
    body=Renumber,
    answers={201: Renumbered},
    errors=(403, 409),
)
def renumber_act(act_id: int, body: Renumber) -> tuple[Renumbered, int]:
    result = services.renumber_act(
        api_user(), act_id, base_version=body.base_version, note=body.note
    )
    db.session.commit()
    renumbered = [RenumberedEid(old_eid=old, new_eid=new) for old, new in result.renumbered.items()]
    return Renumbered(
        number=result.version.number, renumbered=renumbered, rewritten=result.rewritten
    ), 201
