"""The search page, and "which versions contain this phrase" for one act."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..accounts.models import Language
from ..acts import services as acts
from ..acts.models import ActStatus, ActType
from ..errors import Invalid
from ..review.models import Stage
from . import services

bp = Blueprint("search", __name__)


@bp.before_request
@login_required
def _signed_in_only():
    """Search reads drafts and comments: signed-in users only (the public register is apart)."""


LANGUAGE_LABELS = {Language.EN: "English", Language.RU: "Russian", Language.KK: "Kazakh"}


def _facets() -> dict:
    """The choices of each filter, as (value, label)."""
    return {
        "statuses": [(status.value, status.label) for status in ActStatus],
        "act_types": [(kind.value, kind.label) for kind in ActType],
        "stages": [(stage.value, stage.label) for stage in Stage],
        "languages": [(lang.value, LANGUAGE_LABELS[lang]) for lang in Language],
    }


@bp.route("/search")
def search():
    q = request.args.get("q", "")
    problem = None
    results = None
    try:
        q, filters, page = services.read_request()
    except Invalid as error:
        problem, filters, page = error.message, services.Filters(), 1
    if problem is None and q.strip():
        try:
            results = services.search(current_user, q, filters, page, count_by_act=True)
        except Invalid as error:
            problem = error.message
    status = 400 if problem else 200
    return (
        render_template(
            "search/results.html",
            q=q,
            filters=filters,
            results=results,
            problem=problem,
            **_facets(),
        ),
        status,
    )


@bp.route("/acts/<number>/occurrences")
def occurrences(number: str):
    act = acts.get_act_by_number(current_user, number)
    phrase = request.args.get("q", "")
    found, problem = None, None
    if phrase.strip():
        try:
            found = services.occurrences(act, phrase)
        except Invalid as error:
            problem = error.message
    return (
        render_template(
            "search/occurrences.html", act=act, phrase=phrase, found=found, problem=problem
        ),
        400 if problem else 200,
    )
