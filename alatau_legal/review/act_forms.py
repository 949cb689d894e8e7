"""Forms of the review on the act's own page: transitions, comments, replies, dispositions.

Many of them stand on one page (a comment form per provision, a reply form per thread), so
the templates render their inputs with ids of their own; these classes read what comes back.
What is allowed (who, which version, which provision, how long) is the services' rule.
"""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from .models import Disposition
from .workflow import Action

ACTION_CHOICES = [(action.value, action.ui_label) for action in Action]
DISPOSITION_CHOICES = [(choice.value, choice.ui_label) for choice in Disposition]


class TransitionForm(FlaskForm):
    action = SelectField(
        lazy_gettext("Action"),
        choices=ACTION_CHOICES,
        validate_choice=False,
        validators=[InputRequired(lazy_gettext("Choose an action."))],
    )
    reason = TextAreaField(lazy_gettext("Reason"), render_kw={"rows": 2})


class CommentForm(FlaskForm):
    version = IntegerField(
        lazy_gettext("Version"),
        validators=[InputRequired(lazy_gettext("Say which version you comment on."))],
    )
    eid = HiddenField(
        lazy_gettext("Provision"), validators=[InputRequired(lazy_gettext("Say which provision."))]
    )
    quote = StringField(lazy_gettext("Quoted text"), validators=[Optional()])
    # The language of the text the comment is made on (the act's page shows one at a time).
    language = HiddenField(validators=[Optional()])
    body = TextAreaField(lazy_gettext("Comment"))


class ReplyForm(FlaskForm):
    body = TextAreaField(lazy_gettext("Reply"))


class DispositionForm(FlaskForm):
    disposition = SelectField(
        lazy_gettext("Disposition"),
        choices=DISPOSITION_CHOICES,
        validate_choice=False,
        validators=[InputRequired(lazy_gettext("Choose a disposition."))],
    )
    reason = TextAreaField(lazy_gettext("Reason"))
