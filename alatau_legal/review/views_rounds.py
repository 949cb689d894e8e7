"""Review rounds: planning, running, opinions, waivers; the reviewer's own work."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import NoReturn

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext, ngettext
from flask_login import current_user

from ..accounts.models import User
from ..accounts.permissions import EXPERT_ROLES, can_answer_comments, can_manage_rounds
from ..accounts.services import list_reviewers
from ..acts import services as acts
from ..acts.models import Act, ActStatus
from ..committee.business_days import add_business_days, holiday_label, is_business_day
from ..errors import Conflict, Invalid
from ..extensions import db
from ..notifications import services as notifications
from ..notifications.views import link_or_none
from ..timeutil import utcnow
from ..ui import provision_name
from . import services as review
from .models import Assignment, Disposition, ReviewRound, RoundStatus, Stage
from .round_forms import (
    InviteForm,
    OpinionForm,
    RoundCommentFilters,
    SetDueForm,
    WaiveForm,
    apply_error,
    plan_round_form,
)
from .views import bp

LATEST_NOTIFICATIONS = 5


def _today() -> date:
    # The services judge "in the past" against the UTC date; the pages count days the same way.
    return utcnow().date()


def _deny(message: str) -> NoReturn:
    """A 403 page whatever the method.

    errors.py answers a refused POST with a flash and a redirect back; a role that may never
    do this gets the error status itself, before its form is even read.
    """
    abort(403, description=message)


def _require_secretary() -> None:
    if not can_manage_rounds(current_user):
        _deny("Only the committee secretary plans and manages review rounds.")


def _act_round(number: str, round_id: int) -> tuple[Act, ReviewRound]:
    """The act and one of its rounds, both visible to this user (else 404)."""
    act = acts.get_act_by_number(current_user, number)
    return act, review.get_round_of(current_user, act, round_id)


def _round_url(review_round: ReviewRound, anchor: str | None = None) -> str:
    return url_for(
        "review.round",
        number=review_round.act.number,
        round_id=review_round.id,
        _anchor=anchor,
    )


# ---------------------------------------------------------------------------------------------
# Planning a round


def _default_stage(act: Act) -> Stage:
    """While the domestic review runs, the next round to plan is the international one."""
    return Stage.INTERNATIONAL if act.status is ActStatus.DOMESTIC_REVIEW else Stage.DOMESTIC


def _stage_of_request(act: Act, form) -> Stage:
    """The stage being planned: the form's on a POST, else `?stage=`, else the next one due."""
    value = form.stage.data if request.method == "POST" else request.args.get("stage")
    try:
        return Stage(value)
    except ValueError:
        return _default_stage(act)


def _default_due(stage: Stage, today: date) -> date:
    """The configured length of the stage, in business days from today."""
    days = current_app.config["STAGE_BUSINESS_DAYS"][stage.value]
    return add_business_days(today, days)


def _not_business_days(form) -> list[tuple[str, date, str | None]]:
    """The due dates chosen on a weekend or public holiday: (field, date, holiday name)."""
    chosen = [("due", form.due.data)] + [
        (f.name, f.data) for f in form.reviewer_due_fields().values() if f.data
    ]
    return [
        (name, day, holiday_label(day))
        for name, day in chosen
        if day is not None and not is_business_day(day)
    ]


@bp.route("/acts/<number>/rounds/new", methods=["GET", "POST"])
def plan_round(number: str):
    _require_secretary()
    act = acts.get_act_by_number(current_user, number)
    groups = {stage: list_reviewers(stage.reviewer_role) for stage in Stage}
    form = plan_round_form([user for users in groups.values() for user in users])
    stage = _stage_of_request(act, form)
    today = _today()
    default_due = _default_due(stage, today)
    if request.method == "GET":
        form.stage.data = stage.value
        form.due.data = default_due
    off_days: list = []
    if form.validate_on_submit():
        dues = {name: f.data for name, f in form.reviewer_due_fields().items() if f.data}
        off_days = _not_business_days(form)
        if off_days and not form.keep_off_days.data:
            # Flagged, not refused: the secretary keeps the date by ticking the box.
            form.form_errors.append(
                gettext(
                    "A due date falls on a weekend or public holiday. Choose a business day, "
                    "or tick “Keep these dates” to keep it."
                )
            )
        else:
            try:
                review_round = review.plan_round(
                    current_user,
                    act.id,
                    stage=form.stage.data,
                    reviewers=form.reviewers.data or [],
                    due=form.due.data,
                    dues=dues,
                )
            except (Invalid, Conflict) as error:
                db.session.rollback()
                apply_error(form, error, {f"dues.{name}": f"due_for_{name}" for name in dues})
            else:
                db.session.commit()
                invited = len(review_round.assignments)
                domestic = review_round.stage.value == "domestic"
                flash(
                    ngettext(
                        "The domestic review round of %(number)s is planned with %(num)d "
                        "reviewer. It opens when the act is submitted for domestic review.",
                        "The domestic review round of %(number)s is planned with %(num)d "
                        "reviewers. It opens when the act is submitted for domestic review.",
                        invited,
                        number=act.number,
                    )
                    if domestic
                    else ngettext(
                        "The international review round of %(number)s is planned with %(num)d "
                        "reviewer. It opens when the act is submitted for international review.",
                        "The international review round of %(number)s is planned with %(num)d "
                        "reviewers. It opens when the act is submitted for international "
                        "review.",
                        invited,
                        number=act.number,
                    ),
                    "success",
                )
                return redirect(_round_url(review_round))
    return render_template(
        "review/round_new.html",
        act=act,
        form=form,
        stage=stage,
        reviewers=groups[stage],
        due_fields=form.reviewer_due_fields(),
        default_due=default_due,
        stage_days=current_app.config["STAGE_BUSINESS_DAYS"][stage.value],
        off_days=off_days,
        rounds=review.list_rounds(current_user, act),
        today=today,
    )


# ---------------------------------------------------------------------------------------------
# The round page and its forms


def _render_round(
    act: Act,
    review_round: ReviewRound,
    *,
    opinion_form: OpinionForm | None = None,
    invite_form: InviteForm | None = None,
    failed: SetDueForm | WaiveForm | None = None,
):
    """The round page; a form that failed is shown again with its messages."""
    manage = can_manage_rounds(current_user) and review_round.status is not RoundStatus.CLOSED
    mine = review.my_assignment(current_user, review_round)
    pending = [a for a in review_round.assignments if a.state == "pending"]
    due_forms, waive_forms = {}, {}
    if manage:
        for assignment in pending:
            username = assignment.reviewer.username
            due_forms[assignment.id] = SetDueForm(
                formdata=None, reviewer=username, due=assignment.due
            )
            if review_round.status is RoundStatus.OPEN:
                waive_forms[assignment.id] = WaiveForm(formdata=None, reviewer=username)
        if failed is not None:
            target = next((a for a in pending if a.reviewer.username == failed.reviewer.data), None)
            forms = due_forms if isinstance(failed, SetDueForm) else waive_forms
            if target is not None and target.id in forms:
                forms[target.id] = failed
            else:  # the reviewer is gone from the list (done meanwhile): say so on top
                flash(
                    " ".join(_messages(failed)) or gettext("That change could not be made."),
                    "error",
                )
        if invite_form is None:
            invite_form = InviteForm(formdata=None)
        invite_form.reviewer.choices = _invite_choices(review_round)
    if mine is not None and mine.state == "pending" and opinion_form is None:
        draft = mine.opinion
        opinion_form = OpinionForm(
            formdata=None,
            recommendation=draft.recommendation.value if draft else None,
            text=draft.text if draft else "",
        )
    own_opinion = mine.opinion if mine is not None else None
    others = [
        opinion
        for opinion in review.visible_opinions(current_user, review_round)
        if opinion is not own_opinion
    ]
    return render_template(
        "review/round.html",
        act=act,
        round=review_round,
        rounds=review.list_rounds(current_user, act),
        today=_today(),
        manage=manage,
        mine=mine,
        opinion_form=opinion_form,
        others=others,
        due_forms=due_forms,
        waive_forms=waive_forms,
        invite_form=invite_form,
    )


def _messages(form) -> list[str]:
    return [*form.form_errors, *(m for f in form for m in f.errors)]


def _invite_choices(review_round: ReviewRound) -> list[tuple[str, str]]:
    invited = {a.reviewer_id for a in review_round.assignments}
    candidates = [
        user for user in list_reviewers(review_round.stage.reviewer_role) if user.id not in invited
    ]
    return [("", "Choose a reviewer")] + [(user.username, _who(user)) for user in candidates]


def _who(user: User) -> str:
    organisation = f", {user.organisation.name}" if user.organisation else ""
    return f"{user.display_name} ({user.username}{organisation})"


@bp.route("/acts/<number>/rounds/<int:round_id>", endpoint="round")
def show_round(number: str, round_id: int):
    act, review_round = _act_round(number, round_id)
    return _render_round(act, review_round)


def _changed(assignment: Assignment, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(_round_url(assignment.round, "reviewers"))


@bp.route("/acts/<number>/rounds/<int:round_id>/due", methods=["POST"])
def set_due(number: str, round_id: int):
    _require_secretary()
    act, review_round = _act_round(number, round_id)
    form = SetDueForm()
    if form.validate_on_submit():
        try:
            assignment = review.set_due(
                current_user, review_round.id, form.reviewer.data, form.due.data
            )
        except (Invalid, Conflict) as error:
            db.session.rollback()
            apply_error(form, error)
        else:
            return _changed(
                assignment,
                gettext(
                    "%(name)s's opinion is now due %(due)s.",
                    name=assignment.reviewer.display_name,
                    due=format_date(assignment.due, "long"),
                ),
            )
    return _render_round(act, review_round, failed=form)


@bp.route("/acts/<number>/rounds/<int:round_id>/waive", methods=["POST"])
def waive(number: str, round_id: int):
    _require_secretary()
    act, review_round = _act_round(number, round_id)
    form = WaiveForm()
    if form.validate_on_submit():
        try:
            assignment = review.waive(
                current_user, review_round.id, form.reviewer.data, form.reason.data
            )
        except (Invalid, Conflict) as error:
            db.session.rollback()
            apply_error(form, error)
        else:
            return _changed(
                assignment,
                gettext("%(name)s's opinion is waived.", name=assignment.reviewer.display_name),
            )
    return _render_round(act, review_round, failed=form)


@bp.route("/acts/<number>/rounds/<int:round_id>/invite", methods=["POST"])
def invite(number: str, round_id: int):
    _require_secretary()
    act, review_round = _act_round(number, round_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            assignment = review.invite(
                current_user, review_round.id, form.reviewer.data, form.due.data
            )
        except (Invalid, Conflict) as error:
            db.session.rollback()
            apply_error(form, error, {"reviewers": "reviewer"})
        else:
            return _changed(
                assignment,
                gettext(
                    "%(name)s is invited; their opinion is due %(due)s.",
                    name=assignment.reviewer.display_name,
                    due=format_date(assignment.due, "long"),
                ),
            )
    return _render_round(act, review_round, invite_form=form)


OPINION_ACTIONS = ("draft", "submit")


@bp.route("/acts/<number>/rounds/<int:round_id>/opinion", methods=["POST"])
def opinion(number: str, round_id: int):
    act, review_round = _act_round(number, round_id)
    if review.my_assignment(current_user, review_round) is None:
        _deny("Only a reviewer invited to this round gives an opinion in it.")
    form = OpinionForm()
    # The first button of the form is "Save draft", so pressing Enter never submits for good.
    action = request.form.get("action") or "draft"
    if form.validate_on_submit():
        if action not in OPINION_ACTIONS:
            form.form_errors.append("Choose “Save draft” or “Submit opinion”.")
        else:
            try:
                review.save_opinion(
                    current_user,
                    review_round.id,
                    recommendation=form.recommendation.data,
                    text=form.text.data or "",
                    submit=action == "submit",
                )
            except (Invalid, Conflict) as error:
                db.session.rollback()
                apply_error(form, error)
            else:
                db.session.commit()
                if action == "submit":
                    flash(gettext("Your opinion is submitted. Thank you."), "success")
                else:
                    flash(
                        gettext("Your draft is saved. Only you can read it until you submit it."),
                        "success",
                    )
                return redirect(_round_url(review_round, "my-opinion"))
    return _render_round(act, review_round, opinion_form=form)


# ---------------------------------------------------------------------------------------------
# The round's comments and their dispositions


@bp.route("/acts/<number>/rounds/<int:round_id>/comments")
def round_comments(number: str, round_id: int, status: int = 200):
    """Every comment of the round, filtered, each answered here by the drafter (a refused
    answer comes back here from `views_act.dispose` with `status` and what was typed)."""
    act, review_round = _act_round(number, round_id)
    everything = review.list_comments(current_user, act, round_id=review_round.id)
    form = RoundCommentFilters(formdata=request.args)
    authors = {view.comment.author.username: view.comment.author for view in everything}
    form.author.choices += [(username, _who(user)) for username, user in sorted(authors.items())]
    commented = dict.fromkeys(view.comment.eid for view in everything)
    form.eid.choices += sorted(
        ((eid, provision_name(eid)) for eid in commented), key=lambda c: _eid_order(c[0])
    )
    if not form.validate():
        shown, status = None, 400
    elif any(form.values().values()):
        try:
            shown = review.list_comments(
                current_user, act, round_id=review_round.id, **form.values()
            )
        except Invalid as error:
            apply_error(form, error)
            shown, status = None, 400
    else:
        shown = everything
    counts = Counter(view.comment.disposition for view in everything)
    may_answer = can_answer_comments(current_user) and act.status not in (
        ActStatus.APPROVED, ActStatus.WITHDRAWN,
    )  # fmt: skip
    # The page's links keep the filters in force, never a value just refused.
    filters = {name: None if form[name].errors else value for name, value in form.values().items()}
    return render_template(
        "review/round_comments.html",
        act=act,
        round=review_round,
        form=form,
        filters=filters,
        filtered=any(filters.values()),
        comments=shown,
        notices=review.reference_notices(current_user, act, shown or []),
        may_answer=may_answer,
        dispositions=list(Disposition),
        total=len(everything),
        counts=[(None, "No answer yet", counts.get(None, 0))]
        + [(choice, choice.label, counts.get(choice, 0)) for choice in Disposition],
    ), status


def _eid_order(eid: str) -> list[tuple[str, int, str]]:
    """Provisions in reading order: art_2 before art_10, a paragraph after its article."""
    order = []
    for component in eid.split("__"):
        prefix, _, num = component.partition("_")
        digits = "".join(ch for ch in num.split("_")[0] if ch.isdigit())
        order.append((prefix, int(digits) if digits else 0, num))
    return order


# ---------------------------------------------------------------------------------------------
# My work


@bp.route("/my-work")
def my_work():
    user = current_user
    latest, unread = notifications.list_for(user, unread_only=True, per_page=LATEST_NOTIFICATIONS)
    return render_template(
        "review/my_work.html",
        is_reviewer=user.role in EXPERT_ROLES,
        assignments=review.my_assignments(user) if user.role in EXPERT_ROLES else [],
        is_drafter=can_answer_comments(user),
        awaiting=review.comments_awaiting_answer(user) if can_answer_comments(user) else [],
        is_secretary=can_manage_rounds(user),
        rounds=review.active_rounds(user) if can_manage_rounds(user) else [],
        notifications=latest,
        links={n.id: link_or_none(n) for n in latest},
        unread=unread,
        today=_today(),
    )
