"""Forms of the round pages (Flask-WTF: CSRF on every one that changes something).

The forms only turn the request into typed values (a date, a choice); what is allowed (who
may be invited, which dates, how long an opinion is) is the services' rule, and their
messages come back onto the form through `apply_error`.
"""

from __future__ import annotations

from flask_babel import LazyString, lazy_gettext, pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from ..accounts.models import User
from ..errors import AppError, Invalid
from .models import Disposition, Recommendation, Stage
from .services import COMMENT_STATUSES

STAGE_CHOICES = [(stage.value, stage.ui_label) for stage in Stage]
RECOMMENDATION_CHOICES = [(choice.value, choice.ui_label) for choice in Recommendation]


class PlanRoundForm(FlaskForm):
    stage = SelectField(lazy_gettext("Stage"), choices=STAGE_CHOICES, validate_choice=False)
    # The reviewers' usernames; whether each may review this stage is the service's rule.
    reviewers = SelectMultipleField(lazy_gettext("Reviewers"), choices=[], validate_choice=False)
    due = DateField(
        lazy_gettext("Round due date"),
        validators=[InputRequired(lazy_gettext("Set a due date for the round."))],
        description=lazy_gettext(
            "Each reviewer’s opinion is due then, unless you set their own date below."
        ),
    )
    keep_off_days = BooleanField(lazy_gettext("Keep these dates"))

    def reviewer_due_fields(self) -> dict[str, Field]:
        """The optional per-reviewer due date fields, by username."""
        return {
            name.removeprefix("due_for_"): field
            for name, field in self._fields.items()
            if name.startswith("due_for_")
        }


def plan_round_form(candidates: list[User], **kwargs) -> PlanRoundForm:
    """The planning form with one optional due date per reviewer who may be invited."""

    class Form(PlanRoundForm):
        pass

    for user in candidates:
        setattr(
            Form,
            f"due_for_{user.username}",
            DateField(
                lazy_gettext("Due date for %(name)s", name=user.display_name),
                validators=[Optional()],
                render_kw={"data-username": user.username},
            ),
        )
    return Form(**kwargs)


class SetDueForm(FlaskForm):
    reviewer = HiddenField(validators=[InputRequired(lazy_gettext("Choose the reviewer."))])
    due = DateField(
        lazy_gettext("New due date"),
        validators=[InputRequired(lazy_gettext("Set the new due date."))],
    )


class WaiveForm(FlaskForm):
    reviewer = HiddenField(validators=[InputRequired(lazy_gettext("Choose the reviewer."))])
    reason = TextAreaField(
        lazy_gettext("Reason for the waiver"),
        validators=[InputRequired(lazy_gettext("Say why the opinion is waived."))],
        render_kw={"rows": 2},
    )


class InviteForm(FlaskForm):
    reviewer = SelectField(
        lazy_gettext("Reviewer"),
        choices=[],
        validate_choice=False,
        validators=[InputRequired(lazy_gettext("Choose a reviewer to invite."))],
    )
    due = DateField(
        lazy_gettext("Due date"),
        validators=[Optional()],
        description=lazy_gettext("Left empty, the round's due date."),
    )


class OpinionForm(FlaskForm):
    recommendation = RadioField(
        lazy_gettext("Recommendation"),
        choices=RECOMMENDATION_CHOICES,
        validate_choice=False,
        validators=[InputRequired(lazy_gettext("Choose a recommendation."))],
    )
    text = TextAreaField(
        lazy_gettext("Opinion"),
        description=lazy_gettext(
            "Your expert opinion on the version under review. Plain text or simple "
            "Markdown (*emphasis*, lists, links)."
        ),
        render_kw={"rows": 12},
    )


DISPOSITION_FILTERS = [
    ("", lazy_gettext("Any disposition")),
    ("none", lazy_gettext("No answer yet")),
    *[(choice.value, choice.ui_label) for choice in Disposition],
]
COMMENT_STATUS_LABELS = {
    # A comment's status, not a round's: Russian says "Открыто" (замечание), not "Открыт".
    "open": LazyString(lambda: pgettext("comment status", "Open")),
    "answered": lazy_gettext("Answered"),
    "outdated": lazy_gettext("Outdated"),
    "current": lazy_gettext("Current"),
}
STATUS_FILTERS = [("", lazy_gettext("Any status"))] + [
    (status, COMMENT_STATUS_LABELS[status]) for status in COMMENT_STATUSES
]


class FilterChoice(SelectField):
    """A filter's select whose refusal of a value from the address bar names it."""

    def __init__(self, label: str, choices, message: str, **kwargs) -> None:
        super().__init__(label, choices=choices, default="", **kwargs)
        self.message = message

    def pre_validate(self, form) -> None:
        values = [value for value, _ in self.choices if value]
        if self.data and self.data not in values:
            shown = self.data if len(self.data) <= 60 else self.data[:60] + "…"
            raise ValidationError(self.message.format(value=shown, choices=", ".join(values)))


class RoundCommentFilters(FlaskForm):
    """The filters of the round's comment table: a GET form, read from the query string."""

    class Meta:
        csrf = False

    disposition = FilterChoice(
        lazy_gettext("Disposition"),
        DISPOSITION_FILTERS,
        "“{value}” is not a disposition; one of: {choices}.",
    )
    status = FilterChoice(
        lazy_gettext("Status"), STATUS_FILTERS, "“{value}” is not a status; one of: {choices}."
    )
    # The choices are the provisions commented on in the round, named by the view.
    eid = FilterChoice(
        lazy_gettext("Provision"),
        [("", lazy_gettext("Any provision"))],
        "No comment of this round is on that provision.",
    )
    # The choices are the round's commenters, filled in by the view.
    author = FilterChoice(
        lazy_gettext("Author"),
        [("", lazy_gettext("Any author"))],
        "No comment of this round is by “{value}”.",
    )

    def values(self) -> dict[str, str | None]:
        """The filters in force, as the service's keyword arguments."""
        return {
            name: self[name].data or None for name in ("disposition", "status", "eid", "author")
        }


def apply_error(form: FlaskForm, error: AppError, fields: dict[str, str] | None = None) -> None:
    """Show a service's refusal on the form: on its one field where it names one, else on top.

    `fields` maps the service's field names to the form's where they differ.
    """
    fields = fields or {}
    named = [
        form[fields.get(name, name)]
        for name in (error.fields if isinstance(error, Invalid) else {})
        if fields.get(name, name) in form
    ]
    if len(named) == 1:
        named[0].errors = [*named[0].errors, error.message]
        return
    form.form_errors.append(error.message)
    # The service's own field notes are English (the API's); the page repeats its message.
    for field_name in error.fields if isinstance(error, Invalid) else {}:
        target = fields.get(field_name, field_name)
        if target in form:
            form[target].errors = [*form[target].errors, error.message]
