"""The export links of the pages: the same files as the API, for the signed-in user."""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..acts import services as acts
from ..api.documents import flag, send
from ..errors import Invalid
from ..http import query_int
from . import services

bp = Blueprint("documents", __name__)


@bp.before_request
@login_required
def _signed_in_only():
    """Exports are for signed-in users (the public register has its own)."""


@bp.route("/acts/<number>/v/<int:version>/export.docx")
def version_docx(number: str, version: int):
    act = acts.get_act_by_number(current_user, number)
    return send(
        services.official_draft(
            current_user,
            act.id,
            version,
            with_comments=flag("comments"),
            language=request.args.get("language") or None,
            languages=request.args.get("languages") or None,
        )
    )


@bp.route("/acts/<number>/v/<int:version>/export.akn.xml")
def version_akn(number: str, version: int):
    act = acts.get_act_by_number(current_user, number)
    return send(
        services.akoma_ntoso(current_user, act.id, version, request.args.get("language") or None)
    )


@bp.route("/acts/<number>/compare.docx")
def comparison_docx(number: str):
    act = acts.get_act_by_number(current_user, number)
    if "from" not in request.args or "to" not in request.args:
        raise Invalid(_l("Name both versions: ?from=A&to=B."))
    return send(
        services.comparison_docx(
            current_user,
            act.id,
            query_int("from", default=1),
            query_int("to", default=1),
            tracked=flag("tracked"),
            language=request.args.get("language") or None,
        )
    )


@bp.route("/rounds/<int:round_id>/comments.docx")
def round_comments_docx(round_id: int):
    return send(services.round_comments(current_user, round_id))


@bp.route("/meetings/<int:meeting_id>/minutes.docx")
def minutes_docx(meeting_id: int):
    return send(services.meeting_minutes(current_user, meeting_id))
