"""Documents: official DOCX, comparisons, comment tables, minutes and Akoma Ntoso XML."""

from __future__ import annotations

from flask import Response, request
from pydantic import Field

from ..accounts.models import Language
from ..documents import services
from ..documents.services import DOCX, XML
from ..errors import Invalid
from . import api_user
from .acts import VersionsInLanguage
from .contract import Download, operation
from .parsing import TRUE, Flag, Query

WORD_FILE = Download(DOCX, "The Word file")


def send(file: services.File) -> Response:
    return Response(
        file.data,
        mimetype=file.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{file.name}"'},
    )


def flag(name: str) -> bool:
    """A yes/no query parameter of the HTML pages: 1/true or 0/false, anything else a 400."""
    value = request.args.get(name, "").lower()
    if value in ("", "0", "false"):
        return False
    if value in ("1", "true"):
        return True
    raise Invalid(f"{name} is 1 or 0.", {name: "1 or 0."})


class DraftOptions(Query):
    comments: Flag = Field(
        default="0", description="1 or true: with reviewers' comments as Word comments."
    )
    language: Language | None = Field(
        default=None,
        description="The language of the text: one of the act's (default: its drafting "
        "language); 400 if not, 409 `not_written` while the version has no text in it.",
    )
    languages: str | None = Field(
        default=None,
        max_length=20,
        description="Two or three of the act's languages, comma-separated (kk,ru): the parallel "
        "layout, the languages in columns, provision beside provision.",
    )


class ExpressionOptions(Query):
    language: Language | None = Field(
        default=None,
        description="The language of the expression: one of the act's (default: its drafting "
        "language); every language's expression has the same eIds.",
    )


class ComparisonOptions(VersionsInLanguage):
    tracked: Flag = Field(
        default="0", description="1 or true: as Word tracked changes instead of a table."
    )


@operation(
    "GET",
    "/acts/<int:act_id>/versions/<int:number>/export.docx",
    tag="Documents",
    summary="The version as an official draft (DOCX)",
    query=DraftOptions,
    answers={200: WORD_FILE},
    errors=(409,),
)
def export_version(act_id: int, number: int, query: DraftOptions) -> Response:
    with_comments = query.comments in TRUE
    return send(
        services.official_draft(
            api_user(),
            act_id,
            number,
            with_comments=with_comments,
            language=query.language.value if query.language else None,
            languages=query.languages,
        )
    )


@operation(
    "GET",
    "/acts/<int:act_id>/versions/<int:number>/export.akn.xml",
    tag="Documents",
    summary="The version as Akoma Ntoso 3.0 XML, one expression per language",
    query=ExpressionOptions,
    answers={200: Download(XML, "The XML file")},
    errors=(409,),
)
def export_akn(act_id: int, number: int, query: ExpressionOptions) -> Response:
    language = query.language.value if query.language else None
    return send(services.akoma_ntoso(api_user(), act_id, number, language))


@operation(
    "GET",
    "/acts/<int:act_id>/compare.docx",
    tag="Documents",
    summary="The comparison table of two versions (DOCX)",
    query=ComparisonOptions,
    answers={200: WORD_FILE},
)
def export_comparison(act_id: int, query: ComparisonOptions) -> Response:
    tracked = query.tracked in TRUE
    return send(
        services.comparison_docx(
            api_user(),
            act_id,
            query.from_,
            query.to,
            tracked=tracked,
            language=query.language.value if query.language else None,
        )
    )


@operation(
    "GET",
    "/rounds/<int:round_id>/comments.docx",
    tag="Documents",
    summary="The table of a round's comments and dispositions (DOCX)",
    answers={200: WORD_FILE},
    errors=(403,),
)
def export_round_comments(round_id: int) -> Response:
    return send(services.round_comments(api_user(), round_id))


@operation(
    "GET",
    "/meetings/<int:meeting_id>/minutes.docx",
    tag="Documents",
    summary="A meeting's minutes (DOCX)",
    answers={200: WORD_FILE},
    errors=(403,),
)
def export_minutes(meeting_id: int) -> Response:
    return send(services.meeting_minutes(api_user(), meeting_id))
