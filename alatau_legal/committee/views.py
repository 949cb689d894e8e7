"""Pages of the Operational Committee: meetings and their agendas and decisions, the
deadlines dashboard, and each user's private calendar feed."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from ..accounts.models import Role, User
from ..accounts.permissions import can_manage_meetings, can_see_all_deadlines
from ..acts import services as acts
from ..acts.models import ActStatus, Sector
from ..errors import AppError, Conflict, Invalid, NotFound, form_problem
from ..extensions import db
from ..i18n import current_language
from ..review import services as review
from ..review import workflow
from ..review.models import Disposition
from ..timeutil import utcnow
from . import calendar, deadlines, services, timeline
from .forms import (
    AgendaForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    MoveForm,
    RescheduleForm,
)

bp = Blueprint("committee", __name__)

# The calendar feed is fetched by calendar clients: its secret token is its authentication.
PUBLIC_ENDPOINTS = frozenset({"committee.calendar_feed"})


@bp.before_request
def _signed_in_only():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    return login_required(lambda: None)()


# ---------------------------------------------------------------------------------------------
# Meetings


@bp.route("/meetings")
def meetings():
    return render_template(
        "committee/meetings.html",
        meetings=services.list_meetings(current_user),
        can_manage=can_manage_meetings(current_user),
        today=utcnow().date(),
    )


@bp.route("/meetings/new", methods=["GET", "POST"])
def new_meeting():
    services.require_secretary(current_user)
    form = MeetingForm()
    status = 200
    if form.validate_on_submit():
        try:
            meeting = services.create_meeting(
                current_user,
                day=form.date.data,
                title=form.title.data,
                language=form.language.data,
                start_time=form.start_time.data,
                place=form.place.data or "",
            )
        except Invalid as error:
            form.form_errors.append(error.message)
            status = 400
        else:
            db.session.commit()
            flash(
                gettext("Meeting of %(date)s scheduled.", date=meeting.date.isoformat()), "success"
            )
            return redirect(url_for("committee.meeting", meeting_id=meeting.id))
    elif request.method == "POST":
        status = 400
    return render_template("committee/meeting_new.html", form=form, today=utcnow().date()), status


def _members() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.COMMITTEE_MEMBER, User.active)
            .order_by(User.username)
        )
    )


@dataclass(frozen=True)
class ItemReview:
    """What the committee reads of an act's review: the opinions, and how comments were
    answered."""

    opinions: list
    dispositions: list[tuple[str, int]]
    rounds: list


def _item_review(act) -> ItemReview:
    rounds = review.list_rounds(current_user, act)
    opinions = [
        (rnd, opinion) for rnd in rounds for opinion in review.visible_opinions(current_user, rnd)
    ]
    counts = Counter(view.comment.disposition for view in review.list_comments(current_user, act))
    dispositions = [(choice.label, counts[choice]) for choice in Disposition if counts[choice]]
    if counts[None]:
        dispositions.append(("No answer yet", counts[None]))
    return ItemReview(opinions, dispositions, rounds)


@dataclass(frozen=True)
class Refused:
    """A refused form of the meeting page, shown again with what was typed and why."""

    form: str  # "decision", "move", "attendance", "agenda" or "reschedule"
    message: str
    values: dict
    item_id: int | None = None


def _meeting_page(meeting_id: int, refused: Refused | None = None, status: int = 200):
    found = services.get_meeting(current_user, meeting_id)
    manage = can_manage_meetings(current_user)
    today = utcnow().date()
    agenda_form = AgendaForm()
    candidates = services.acts_awaiting_agenda(current_user) if manage else []
    agenda_form.act_id.choices = [(a.id, f"{a.number} — {a.title}") for a in candidates]
    attendance = AttendanceForm()
    attendance.attendees.choices = [(u.username, u.display_name) for u in _members()]
    if refused is None or refused.form != "attendance":
        attendance.attendees.data = [u.username for u in found.attendees]
    if refused is not None and refused.form == "reschedule":
        reschedule = RescheduleForm()  # as submitted
    else:
        reschedule = RescheduleForm(formdata=None)
        reschedule.date.data, reschedule.title.data = found.date, found.title
        reschedule.start_time.data, reschedule.place.data = found.start_time, found.place
    targets = services.moveable_to(current_user, found, today) if manage else []
    return render_template(
        "committee/meeting.html",
        meeting=found,
        can_manage=manage,
        agenda_form=agenda_form,
        candidates=candidates,
        attendance_form=attendance,
        decision_form=DecisionForm(formdata=None),
        reschedule_form=reschedule,
        move_targets=targets,
        changes=services.meeting_changes(current_user, found),
        not_yet_held=services.not_yet_held(found, today),
        reviews={item.id: _item_review(item.act) for item in found.agenda},
        refused=refused,
        today=today,
    ), status


def _refused(form: str, error: AppError, item_id: int | None = None) -> Refused:
    db.session.rollback()
    values = {key: request.form.getlist(key) for key in request.form if key != "csrf_token"}
    values = {key: value[0] if len(value) == 1 else value for key, value in values.items()}
    return Refused(form, error.message, values, item_id)


@bp.route("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    return _meeting_page(meeting_id)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["POST"])
def reschedule(meeting_id: int):
    form = RescheduleForm()
    try:
        if not form.validate():
            raise form_problem(form)
        found = services.reschedule(
            current_user,
            meeting_id,
            day=form.date.data,
            start_time=form.start_time.data,
            place=form.place.data or "",
            title=form.title.data or "",
            reason=form.reason.data or "",
        )
    except (Invalid, Conflict) as error:
        return _meeting_page(meeting_id, _refused("reschedule", error), error.status)
    db.session.commit()
    flash(gettext("The meeting is rescheduled; its agenda and calendars follow."), "success")
    return redirect(url_for("committee.meeting", meeting_id=found.id))


@bp.route("/meetings/<int:meeting_id>/agenda", methods=["POST"])
def add_agenda_item(meeting_id: int):
    form = AgendaForm()
    form.act_id.choices = []
    try:
        if not form.validate():
            raise form_problem(form)
        item = services.add_agenda_item(current_user, meeting_id, form.act_id.data)
    except (Invalid, Conflict) as error:
        return _meeting_page(meeting_id, _refused("agenda", error), error.status)
    db.session.commit()
    flash(gettext("%(number)s is on the agenda.", number=item.act.number), "success")
    return redirect(url_for("committee.meeting", meeting_id=meeting_id, _anchor="agenda"))


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/move", methods=["POST"])
def move_item(meeting_id: int, item_id: int):
    form = MoveForm()
    try:
        if not form.validate():
            raise form_problem(form)
        item = services.move_item(
            current_user,
            meeting_id,
            item_id,
            to_meeting_id=form.meeting_id.data or None,
            reason=form.reason.data or "",
        )
    except (Invalid, Conflict) as error:
        return _meeting_page(meeting_id, _refused("move", error, item_id), error.status)
    db.session.commit()
    if item.meeting_id != meeting_id:
        flash(
            gettext(
                "%(number)s is moved to the meeting of %(date)s.",
                number=item.act.number,
                date=format_date(item.meeting.date, "long"),
            ),
            "success",
        )
    else:
        flash(gettext("%(number)s is taken off the agenda.", number=item.act.number), "success")
    return redirect(url_for("committee.meeting", meeting_id=meeting_id, _anchor="agenda"))


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["POST"])
def attendance(meeting_id: int):
    form = AttendanceForm()
    try:
        if not form.validate():
            raise form_problem(form)
        found = services.set_attendance(current_user, meeting_id, form.attendees.data or [])
    except (Invalid, Conflict) as error:
        return _meeting_page(meeting_id, _refused("attendance", error), error.status)
    db.session.commit()
    flash(
        gettext("Attendance recorded: %(count)s member(s) present.", count=len(found.attendees)),
        "success",
    )
    return redirect(url_for("committee.meeting", meeting_id=meeting_id, _anchor="attendance"))


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/decision", methods=["POST"])
def decide(meeting_id: int, item_id: int):
    form = DecisionForm()
    try:
        if not form.validate():
            raise form_problem(form)
        item = services.decide(
            current_user,
            meeting_id,
            item_id,
            decision=form.decision.data,
            votes={
                "for": form.votes_for.data,
                "against": form.votes_against.data,
                "abstain": form.votes_abstain.data,
            },
            notes=form.notes.data or "",
        )
    except (Invalid, Conflict) as error:
        return _meeting_page(meeting_id, _refused("decision", error, item_id), error.status)
    db.session.commit()
    flash(
        gettext(
            "%(number)s: %(decision)s.",
            number=item.act.number,
            decision=str(item.decision.ui_label).lower(),
        ),
        "success",
    )
    return redirect(url_for("committee.meeting", meeting_id=meeting_id, _anchor=f"item-{item.id}"))


# ---------------------------------------------------------------------------------------------
# Deadlines

SORTS = {
    "due": lambda d: (d.due, d.act.number),
    "act": lambda d: (d.act.number, d.due),
    "stage": lambda d: (d.stage, d.due),
    "person": lambda d: (d.who.display_name.lower(), d.due),
    "kind": lambda d: (d.kind, d.due),
}


@dataclass(frozen=True, slots=True)
class DashboardRow:
    """One deadline as the dashboard prints it: every text already in the reader's language."""

    status: str
    due: object  # a date
    due_text: str
    label: str
    what: str
    number: str
    href: str
    stage: str
    who: str
    days_text: str


class _Once(dict):
    """`f(key)` computed once per key for this request (a dict that fills itself)."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


def _days_text(days_left: int) -> str:
    if days_left < 0:
        return ngettext("%(num)d business day overdue", "%(num)d business days overdue", -days_left)
    if days_left == 0:
        return gettext("due today")
    return ngettext("%(num)d business day left", "%(num)d business days left", days_left)


def dashboard_rows(groups: dict[str, list]) -> tuple[dict[str, list[DashboardRow]], _Once]:
    """The groups' deadlines as printed rows. A dashboard has hundreds of rows but few distinct
    dates, kinds, acts and day counts: each text is translated or formatted once per request,
    not once per row (flask-babel's lookups are most of a row's cost otherwise)."""
    days = _Once(lambda day: format_date(day, "long"))  # the `format_date` filter's format
    labels = _Once(lambda kind: gettext(deadlines.KIND_LABELS[kind]))
    whats = _Once(lambda d: d.ui_what)
    links = _Once(lambda number: url_for("acts.show", number=number))
    stages = _Once(lambda stage: str(deadlines.STAGE_NAMES.get(stage, stage)))
    left = _Once(_days_text)
    shown = {}
    for name, items in groups.items():
        shown[name] = [
            DashboardRow(
                d.status,
                d.due,
                days[d.due],
                labels[d.kind],
                whats[_WhatKey(d.kind, d.stage, d.subject, d.what)],
                d.act.number,
                links[d.act.number],
                stages[d.stage],
                d.who.display_name,
                left[d.business_days_left],
            )
            for d in items
        ]
    return shown, days


@dataclass(frozen=True, slots=True)
class _WhatKey:
    """What `Deadline.ui_what` reads, as a key (the same text for the same four values)."""

    kind: str
    stage: str
    subject: str
    what: str

    @property
    def ui_what(self) -> str:
        return deadlines.Deadline.ui_what.fget(self)


@bp.route("/deadlines")
def deadline_dashboard():
    status = request.args.get("status") or None
    sort = request.args.get("sort") or "due"
    group = request.args.get("group") or "act"
    if sort not in SORTS or group not in ("act", "stage", "person"):
        raise Invalid(_l("Sort by due, act, stage, person or kind; group by act, stage or person."))
    items = deadlines.deadlines_for(current_user, status=status)
    items = sorted(items, key=SORTS[sort])
    groups: dict[str, list] = defaultdict(list)
    for item in items:
        name = {
            "act": f"{item.act.number} — {item.act.title}",
            "stage": item.ui_stage,
            "person": item.who.display_name,
        }[group]
        groups[name].append(item)
    rows, day = dashboard_rows(groups)
    # Each act's timeline is read once per request (two queries for all of them), shared by
    # the chart and the tables.
    known: dict[int, list] = {}
    chart = chart_filters = None
    if can_see_all_deadlines(current_user):
        chart_filters = timeline.TimelineFilters.read()
        chart = _all_acts_chart(chart_filters, known)
    timelines = {}
    if group == "act":
        acts = {item.act.id: item.act for item in items}
        timelines = {
            acts[act_id].number: periods
            for act_id, periods in deadlines.act_timelines(acts, known).items()
        }
    return render_template(
        "committee/deadlines.html",
        STAGE_NAMES=deadlines.STAGE_NAMES,
        groups=rows,
        day=day,
        timelines=timelines,
        chart=chart,
        chart_filters=chart_filters,
        sectors=[(sector.value, sector.ui_label) for sector in Sector],
        stages=[
            (stage.value, stage.ui_label) for stage in ActStatus if stage is not ActStatus.WITHDRAWN
        ],
        status=status,
        sort=sort,
        group=group,
        everyone=can_see_all_deadlines(current_user),
        total=len(items),
    )


# ---------------------------------------------------------------------------------------------
# The timeline: every act's stages against their plan, drawn


def chart_response(svg: str, fmt: str, name: str) -> Response:
    """The chart as an SVG, PNG or PDF file for the committee's papers."""
    body = timeline.export(svg, fmt)
    return Response(
        body,
        mimetype=timeline.FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _all_acts_chart(filters: timeline.TimelineFilters, known: dict | None = None) -> str:
    """The secretary's chart as SVG ("" when no act has a stage to draw)."""
    rows = timeline.all_acts_rows(
        current_user,
        filters,
        language=current_language(),
        link=lambda act: url_for("acts.show", number=act.number),
        known=known,
    )
    if not rows:
        return ""
    return timeline.render_svg(
        rows, today=utcnow().date(), title=gettext("Every act's stages: planned and actual")
    )


@bp.route("/deadlines/timeline.<any(svg, png, pdf):fmt>")
def deadlines_timeline(fmt: str):
    svg = _all_acts_chart(timeline.TimelineFilters.read())
    if not svg:
        raise NotFound(_l("No act matching these filters has a stage planned or done."))
    return chart_response(svg, fmt, f"alatau-timeline-{utcnow().date().isoformat()}")


def act_chart(act, rounds: list | None = None) -> str:
    """An act's own stages, one row each, as SVG ("" when none is planned yet); `rounds`:
    every round of the act, when the page has read them."""
    rows = timeline.stage_rows(act, rounds)
    if not rows:
        return ""
    return timeline.render_svg(
        rows,
        today=utcnow().date(),
        title=gettext("Stages of %(number)s: planned and actual", number=act.number),
        id_prefix="act-timeline",
    )


@bp.app_context_processor
def _timeline_chart():
    # The act page (acts/show.html) draws the act's stages; acts/ knows nothing of them. Its
    # workflow panel has read the act's rounds (the workflow's fact): the chart takes them.
    return {"act_stage_chart": lambda act: act_chart(act, workflow.act_rounds(act))}


@bp.route("/acts/<number>/timeline.<any(svg, png, pdf):fmt>")
def act_timeline(number: str, fmt: str):
    act = acts.get_act_by_number(current_user, number)
    svg = act_chart(act)
    if not svg:
        raise NotFound(_l("%(number)s has no stage planned yet.", number=act.number))
    return chart_response(svg, fmt, f"{act.number}-timeline")


# ---------------------------------------------------------------------------------------------
# The calendar feed


@bp.route("/calendar/<token>.ics")
def calendar_feed(token: str):
    user = calendar.user_for_token(token)
    return Response(
        calendar.feed(user),
        mimetype="text/calendar",
        headers={"Content-Disposition": 'inline; filename="alatau-legal.ics"'},
    )


@bp.route("/profile/calendar-token", methods=["POST"])
def revoke_calendar():
    calendar.revoke(current_user)
    db.session.commit()
    flash(gettext("Your calendar has a new address; the old one no longer works."), "success")
    return redirect(url_for("auth.profile", _anchor="calendar"))
