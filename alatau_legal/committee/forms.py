"""Forms of the committee pages (Flask-WTF; CSRF on every one). The rules are the services'."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from .models import Decision

DECISION_CHOICES = [(d.value, d.ui_label) for d in Decision]


class MeetingForm(FlaskForm):
    date = DateField(
        lazy_gettext("Date"),
        validators=[InputRequired(lazy_gettext("Set the date of the meeting."))],
    )
    title = StringField(
        lazy_gettext("Title"),
        validators=[InputRequired(lazy_gettext("Give the meeting a title.")), Length(max=300)],
        description=lazy_gettext("For example: 12th meeting of the Operational Committee."),
    )
    language = SelectField(
        lazy_gettext("Language of the minutes"),
        choices=[
            ("ru", lazy_gettext("Russian")),
            ("kk", lazy_gettext("Kazakh")),
            ("en", lazy_gettext("English")),
        ],
        default="ru",
    )
    start_time = TimeField(
        lazy_gettext("Start time"),
        validators=[Optional()],
        description=lazy_gettext("Alatau time."),
    )
    place = StringField(
        lazy_gettext("Place"),
        validators=[Optional(), Length(max=300)],
        description=lazy_gettext("For example: Alatau City Hall, room 301."),
    )


class RescheduleForm(MeetingForm):
    language = None  # the minutes' language is chosen when the meeting is scheduled
    reason = TextAreaField(
        lazy_gettext("Reason for the change"),
        validators=[Optional(), Length(max=2000)],
        description=lazy_gettext(
            "Kept with the meeting; required when the date or the time changes."
        ),
    )


class MoveForm(FlaskForm):
    meeting_id = SelectField(
        lazy_gettext("Move to"), coerce=int, validate_choice=False,
        validators=[InputRequired(lazy_gettext("Choose a meeting, or to take the act off."))],
    )  # fmt: skip
    reason = TextAreaField(
        lazy_gettext("Reason"),
        validators=[InputRequired(lazy_gettext("Say why the act leaves this agenda.")),
                    Length(max=2000)],
    )  # fmt: skip


class AgendaForm(FlaskForm):
    act_id = SelectField(
        lazy_gettext("Act in committee review"), coerce=int, validate_choice=False,
        validators=[InputRequired(lazy_gettext("Choose the act."))],
    )  # fmt: skip


class AttendanceForm(FlaskForm):
    attendees = SelectMultipleField(
        lazy_gettext("Members present"), choices=[], validate_choice=False
    )


class DecisionForm(FlaskForm):
    decision = SelectField(
        lazy_gettext("Decision"),
        choices=DECISION_CHOICES,
        validators=[InputRequired(lazy_gettext("Choose the decision."))],
    )
    votes_for = IntegerField(
        lazy_gettext("For"), validators=[InputRequired(), NumberRange(min=0)], default=0
    )
    votes_against = IntegerField(
        lazy_gettext("Against"), validators=[InputRequired(), NumberRange(min=0)], default=0
    )
    votes_abstain = IntegerField(
        lazy_gettext("Abstained"), validators=[InputRequired(), NumberRange(min=0)], default=0
    )
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=1900)])
