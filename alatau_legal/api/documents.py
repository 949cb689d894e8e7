"""Documents: official DOCX, comparisons, comment tables, minutes and Akoma Ntoso XML."""

from __future__ import annotations

from flask import Response, request

from ..documents import services
from ..errors import Invalid
from ..http import query_int
from . import api_user, bp


def send(file: services.File) -> Response:
    return Response(
        file.data,
        mimetype=file.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{file.name}"'},
    )


def flag(name: str) -> bool:
    """A yes/no query parameter: 1/true or 0/false, anything else is a 400."""
    value = request.args.get(name, "").lower()
    if value in ("", "0", "false"):
        return False
    if value in ("1", "true"):
        return True
    raise Invalid(f"{name} is 1 or 0.", {name: "1 or 0."})


@bp.get("/acts/<int:act_id>/versions/<int:number>/export.docx")
def export_version(act_id: int, number: int):
    return send(services.official_draft(api_user(), act_id, number, with_comments=flag("comments")))


@bp.get("/acts/<int:act_id>/versions/<int:number>/export.akn.xml")
def export_akn(act_id: int, number: int):
    return send(services.akoma_ntoso(api_user(), act_id, number))


@bp.get("/acts/<int:act_id>/compare.docx")
def export_comparison(act_id: int):
    if "from" not in request.args or "to" not in request.args:
        raise Invalid("Name both versions: ?from=A&to=B.", {"from": "Required.", "to": "Required."})
    return send(
        services.comparison_docx(
            api_user(),
            act_id,
            query_int("from", default=1),
            query_int("to", default=1),
            tracked=flag("tracked"),
        )
    )


@bp.get("/rounds/<int:round_id>/comments.docx")
def export_round_comments(round_id: int):
    return send(services.round_comments(api_user(), round_id))


@bp.get("/meetings/<int:meeting_id>/minutes.docx")
def export_minutes(meeting_id: int):
    return send(services.meeting_minutes(api_user(), meeting_id))
