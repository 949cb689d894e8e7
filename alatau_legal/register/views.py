"""The public register: no sign-in, and nothing of the internal work."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ..acts.models import ActStatus, ActType, Sector
from ..api.documents import send
from ..committee import timeline
from ..committee.views import chart_response
from ..documents import services as documents
from ..errors import Invalid, NotFound
from ..http import query_int
from ..i18n import current_language
from ..search import services as search
from ..timeutil import utcnow
from . import feed, services

bp = Blueprint("register", __name__, url_prefix="/register")


def _choices() -> dict:
    return {
        "sectors": [(sector.value, sector.ui_label) for sector in Sector],
        "act_types": [(kind.value, kind.ui_label) for kind in ActType],
        "stages": [(stage.value, stage.ui_label) for stage in services.STAGES],
    }


@bp.route("")
def index():
    filters = services.RegisterFilters.read()
    page = query_int("page", default=1, maximum=search.MAX_PAGE)
    q = request.args.get("q", "").strip()
    results = problem = None
    if q:
        try:
            # The public's search: approved acts only, and never a comment.
            results = search.search(None, q, search.Filters(), page)
        except Invalid as error:
            problem = error.message
    listing = None if q else services.list_acts(filters, page)
    return (
        render_template(
            "register/index.html",
            filters=filters,
            listing=listing,
            chart=None if q else _register_chart(filters),
            q=q,
            results=results,
            problem=problem,
            language=current_language(),
            **_choices(),
        ),
        400 if problem else 200,
    )


def _register_chart(filters: services.RegisterFilters) -> str:
    """Every listed act's stages; no names, as everything on the register ("" if none)."""
    rows = timeline.acts_rows(
        services.chart_acts(filters),
        language=current_language(),
        link=lambda act: url_for("register.show", number=act.number),
    )
    if not rows:
        return ""
    return timeline.render_svg(
        rows, today=utcnow().date(), title=gettext("Stages of the acts: planned and actual")
    )


def _act_chart(act) -> str:
    rows = timeline.stage_rows(act)
    if not rows:
        return ""
    return timeline.render_svg(
        rows,
        today=utcnow().date(),
        title=gettext("Stages of %(number)s: planned and actual", number=act.number),
        id_prefix="act-timeline",
    )


@bp.route("/timeline.<any(svg, png, pdf):fmt>")
def register_timeline(fmt: str):
    svg = _register_chart(services.RegisterFilters.read())
    if not svg:
        raise NotFound(_l("No act on the register matching these filters has a stage yet."))
    return chart_response(svg, fmt, f"alatau-register-timeline-{utcnow().date().isoformat()}")


@bp.route("/<number>/timeline.<any(svg, png, pdf):fmt>")
def act_timeline(number: str, fmt: str):
    act = services.get_listed(number)
    svg = _act_chart(act)
    if not svg:
        raise NotFound(_l("%(number)s has no stage planned yet.", number=act.number))
    return chart_response(svg, fmt, f"{act.number}-timeline")


@bp.route("/<number>")
def show(number: str):
    act = services.get_listed(number)
    return render_template(
        "register/show.html",
        chart=_act_chart(act),
        standing=services.standing(act, request.args.get("language") or None),
        changes=services.recent_changes(services.RegisterFilters(), 20, act=act),
        language=current_language(),
        ActStatus=ActStatus,
    )


@bp.route("/<number>/text.docx")
def download_docx(number: str):
    act = services.get_listed(number)
    return send(documents.approved_text_file(act, "docx", request.args.get("language") or None))


@bp.route("/<number>/text.akn.xml")
def download_akn(number: str):
    act = services.get_listed(number)
    return send(documents.approved_text_file(act, "akn", request.args.get("language") or None))


@bp.route("/feed.<any(atom, rss):kind>")
def changes_feed(kind: str):
    filters = services.RegisterFilters.read()
    limit = query_int("limit", default=50, minimum=1, maximum=services.MAX_FEED_ENTRIES)
    body = feed.build(
        services.recent_changes(filters, limit),
        kind=kind,
        self_url=url_for("register.changes_feed", kind=kind, _external=True, **filters.as_args()),
    )
    mimetype = "application/atom+xml" if kind == "atom" else "application/rss+xml"
    return Response(body, mimetype=f"{mimetype}; charset=utf-8")
