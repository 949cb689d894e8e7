"""Forms of the review on the act's own page: transitions, comments, replies, dispositions.

Many of them stand on one page (a comment form per provision, a reply form per thread), so
the templates render their inputs with ids of their own; these classes read what comes back.
What is allowed (who, which version, which provision, how long) is the services' rule.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from .models import Disposition
from .workflow import Action

ACTION_CHOICES = [(action.value, action.label) for action in Action]
DISPOSITION_CHOICES = [(choice.value, choice.label) for choice in Disposition]


class TransitionForm(FlaskForm):
    action = SelectField(
        "Action",
        choices=ACTION_CHOICES,
        validate_choice=False,
        validators=[InputRequired("Choose an action.")],
    )
    reason = TextAreaField("Reason", render_kw={"rows": 2})


class CommentForm(FlaskForm):
    version = IntegerField(
        "Version", validators=[InputRequired("Say which version you comment on.")]
    )
    eid = HiddenField("Provision", validators=[InputRequired("Say which provision.")])
    quote = StringField("Quoted text", validators=[Optional()])
    body = TextAreaField("Comment")


class ReplyForm(FlaskForm):
    body = TextAreaField("Reply")


class DispositionForm(FlaskForm):
    disposition = SelectField(
        "Disposition",
        choices=DISPOSITION_CHOICES,
        validate_choice=False,
        validators=[InputRequired("Choose a disposition.")],
    )
    reason = TextAreaField("Reason")
