"""Forms of the committee pages (Flask-WTF; CSRF on every one). The rules are the services'."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from .models import Decision

DECISION_CHOICES = [(d.value, d.label) for d in Decision]


class MeetingForm(FlaskForm):
    date = DateField("Date", validators=[InputRequired("Set the date of the meeting.")])
    title = StringField(
        "Title",
        validators=[InputRequired("Give the meeting a title."), Length(max=300)],
        description="For example: 12th meeting of the Operational Committee.",
    )


class AgendaForm(FlaskForm):
    act_id = SelectField(
        "Act in committee review", coerce=int, validate_choice=False,
        validators=[InputRequired("Choose the act.")],
    )  # fmt: skip


class AttendanceForm(FlaskForm):
    attendees = SelectMultipleField("Members present", choices=[], validate_choice=False)


class DecisionForm(FlaskForm):
    decision = SelectField(
        "Decision", choices=DECISION_CHOICES, validators=[InputRequired("Choose the decision.")]
    )
    votes_for = IntegerField("For", validators=[InputRequired(), NumberRange(min=0)], default=0)
    votes_against = IntegerField(
        "Against", validators=[InputRequired(), NumberRange(min=0)], default=0
    )
    votes_abstain = IntegerField(
        "Abstained", validators=[InputRequired(), NumberRange(min=0)], default=0
    )
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=1900)])
