"""The review on the act's own page: the workflow panel, comments beside provisions, replies,
dispositions, and the act's timeline of events.

Every POST changes through `review.services`, which refuses what is not allowed. A refused
form is shown again on its page in the same request, with the message beside it and what was
typed still in it (`refusals`); nothing is saved.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..acts import services as acts
from ..acts.models import Act
from ..committee.models import Decision, Meeting
from ..errors import Conflict, Invalid, NotFound, form_problem
from ..extensions import db
from ..refusals import keep
from ..ui import provision_name
from . import services
from .act_forms import CommentForm, DispositionForm, ReplyForm, TransitionForm
from .models import Comment
from .views import bp


def _comment_of(act: Act, comment_id: int) -> Comment:
    """The comment, if it belongs to this act and the user may see it (else 404)."""
    found = services.get_comment(current_user, comment_id)
    if found.act_id != act.id:
        raise NotFound(_l("There is no comment %(comment_id)s.", comment_id=comment_id))
    return found


def _back_to(act: Act, anchor: str | None):
    return redirect(url_for("acts.show", number=act.number, _anchor=anchor))


def _from_round_page() -> int | None:
    """The round whose comments page the form was sent from, if it was."""
    value = request.form.get("round_id", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _shown_again(act: Act, form: str, error: Invalid | Conflict, key=None):
    """The page the refused form was on, rendered again with what was typed."""
    from ..acts.views import show

    keep(form, error.message, key)
    round_id = _from_round_page()
    if round_id is not None:
        from .views_rounds import round_comments

        return round_comments(act.number, round_id, status=error.status)
    version = request.form.get("shown_version", "")
    number = int(version) if version.isdigit() and len(version) < 10 else None
    return show(act.number, number), error.status


@bp.route("/acts/<number>/transitions", methods=["POST"])
def transition(number: str):
    act = acts.get_act_by_number(current_user, number)
    form = TransitionForm()
    try:
        if not form.validate():
            raise form_problem(form)
        moved = services.transition(current_user, act.id, form.action.data, form.reason.data or "")
    except (Invalid, Conflict) as error:
        return _shown_again(act, "transition", error, form.action.data)
    db.session.commit()
    flash(
        gettext(
            "%(number)s is now in %(status)s.",
            number=moved.number,
            status=str(moved.status.ui_label).lower(),
        ),
        "success",
    )
    return _back_to(act, "workflow")


@bp.route("/acts/<number>/comments", methods=["POST"])
def add_comment(number: str):
    act = acts.get_act_by_number(current_user, number)
    form = CommentForm()
    try:
        if not form.validate():
            raise form_problem(form)
        comment = services.add_comment(
            current_user,
            act.id,
            version=form.version.data,
            eid=form.eid.data,
            body=form.body.data or "",
            quote=form.quote.data or None,
            language=form.language.data or None,
        )
    except (Invalid, Conflict) as error:
        return _shown_again(act, "comment", error, form.eid.data)
    db.session.commit()
    flash(
        gettext(
            "Your comment on %(provision)s is saved.",
            provision=provision_name(comment.eid, capitalise=False),
        ),
        "success",
    )
    return _back_to(act, f"comment-{comment.id}")


@bp.route("/acts/<number>/comments/<int:comment_id>/replies", methods=["POST"])
def reply(number: str, comment_id: int):
    act = acts.get_act_by_number(current_user, number)
    _comment_of(act, comment_id)
    form = ReplyForm()
    try:
        if not form.validate():
            raise form_problem(form)
        answer = services.reply(current_user, comment_id, form.body.data or "")
    except (Invalid, Conflict) as error:
        return _shown_again(act, "reply", error, comment_id)
    db.session.commit()
    flash(gettext("Your reply is saved."), "success")
    return _back_to(act, f"comment-{answer.parent_id}")


@bp.route("/acts/<number>/comments/<int:comment_id>/disposition", methods=["POST"])
def dispose(number: str, comment_id: int):
    act = acts.get_act_by_number(current_user, number)
    _comment_of(act, comment_id)
    form = DispositionForm()
    try:
        if not form.validate():
            raise form_problem(form)
        comment = services.dispose(
            current_user,
            comment_id,
            disposition=form.disposition.data,
            reason=form.reason.data or "",
        )
    except (Invalid, Conflict) as error:
        return _shown_again(act, "disposition", error, comment_id)
    db.session.commit()
    flash(
        gettext(
            "The comment on %(provision)s is marked %(disposition)s.",
            provision=provision_name(comment.eid, capitalise=False),
            disposition=str(comment.disposition.ui_label).lower(),
        ),
        "success",
    )
    round_id = _from_round_page()
    if round_id is not None:  # answered on the round's comments page: back to the next one
        return redirect(
            url_for("review.round_comments", number=act.number, round_id=round_id)
            + f"#comment-{comment.id}"
        )
    return _back_to(act, f"comment-{comment.id}")


@bp.route("/acts/<number>/comments/<int:comment_id>")
def comment(number: str, comment_id: int):
    """Open the thread: the act at the version commented on, at the comment and its replies."""
    act = acts.get_act_by_number(current_user, number)
    found = _comment_of(act, comment_id)
    root = _comment_of(act, found.parent_id) if found.parent_id else found
    return redirect(
        url_for("acts.show", number=act.number, version=root.version_number) + f"#comment-{root.id}"
    )


@bp.route("/acts/<number>/events")
def events(number: str):
    """The act's timeline: transitions and review actions, oldest first."""
    act = acts.get_act_by_number(current_user, number)
    events = services.list_events(current_user, act)
    # The committee's steps name their meetings by the day, never by an id.
    ids = {
        (event.details or {}).get(key)
        for event in events
        if event.action.startswith("agenda.")
        for key in ("meeting_id", "to_meeting_id")
    } - {None}
    meetings = (
        {m.id: m for m in db.session.scalars(select(Meeting).where(Meeting.id.in_(ids)))}
        if ids
        else {}
    )
    return render_template(
        "review/events.html",
        act=act,
        events=events,
        meetings=meetings,
        decisions={decision.value: decision.ui_label for decision in Decision},
    )
