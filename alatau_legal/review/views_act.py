"""The review on the act's own page: the workflow panel, comments beside provisions, replies,
dispositions, and the act's timeline of events.

Every POST changes through `review.services`, which refuses what is not allowed; errors.py
turns a refusal into a message on the page the user came from, nothing saved.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from ..acts import services as acts
from ..acts.models import Act
from ..errors import NotFound, form_problem
from ..extensions import db
from . import services
from .act_forms import CommentForm, DispositionForm, ReplyForm, TransitionForm
from .models import Comment
from .views import bp


def _comment_of(act: Act, comment_id: int) -> Comment:
    """The comment, if it belongs to this act and the user may see it (else 404)."""
    found = services.get_comment(current_user, comment_id)
    if found.act_id != act.id:
        raise NotFound(f"There is no comment {comment_id}.")
    return found


def _back_to(act: Act, anchor: str | None):
    return redirect(url_for("acts.show", number=act.number, _anchor=anchor))


@bp.route("/acts/<number>/transitions", methods=["POST"])
def transition(number: str):
    act = acts.get_act_by_number(current_user, number)
    form = TransitionForm()
    if not form.validate():
        raise form_problem(form)
    moved = services.transition(current_user, act.id, form.action.data, form.reason.data or "")
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
    db.session.commit()
    flash(gettext("Your comment on %(eid)s is saved.", eid=comment.eid), "success")
    return _back_to(act, f"comment-{comment.id}")


@bp.route("/acts/<number>/comments/<int:comment_id>/replies", methods=["POST"])
def reply(number: str, comment_id: int):
    act = acts.get_act_by_number(current_user, number)
    _comment_of(act, comment_id)
    form = ReplyForm()
    if not form.validate():
        raise form_problem(form)
    answer = services.reply(current_user, comment_id, form.body.data or "")
    db.session.commit()
    flash(gettext("Your reply is saved."), "success")
    return _back_to(act, f"comment-{answer.parent_id}")


@bp.route("/acts/<number>/comments/<int:comment_id>/disposition", methods=["POST"])
def dispose(number: str, comment_id: int):
    act = acts.get_act_by_number(current_user, number)
    _comment_of(act, comment_id)
    form = DispositionForm()
    if not form.validate():
        raise form_problem(form)
    comment = services.dispose(
        current_user,
        comment_id,
        disposition=form.disposition.data,
        reason=form.reason.data or "",
    )
    db.session.commit()
    flash(
        gettext(
            "The comment on %(eid)s is marked %(disposition)s.",
            eid=comment.eid,
            disposition=str(comment.disposition.ui_label).lower(),
        ),
        "success",
    )
    return _back_to(act, f"comment-{comment.id}")


@bp.route("/acts/<number>/comments/<int:comment_id>")
def comment(number: str, comment_id: int):
    """Open the comment where it stands: its round's comments, at the comment."""
    act = acts.get_act_by_number(current_user, number)
    found = _comment_of(act, comment_id)
    return redirect(
        url_for("review.round_comments", number=act.number, round_id=found.round_id)
        + f"#comment-{found.parent_id or found.id}"
    )


@bp.route("/acts/<number>/events")
def events(number: str):
    """The act's timeline: transitions and review actions, oldest first."""
    act = acts.get_act_by_number(current_user, number)
    return render_template(
        "review/events.html", act=act, events=services.list_events(current_user, act)
    )
