"""The one form of the notifications page (Flask-WTF: CSRF)."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import Length, NumberRange, Optional


class MarkReadForm(FlaskForm):
    """Mark one notification read (`notification` given) or all of them."""

    notification = IntegerField(
        lazy_gettext("Notification"), validators=[Optional(), NumberRange(min=1)]
    )
    # Where to go afterwards: the page the notification is about, or back.
    next = HiddenField(validators=[Optional(), Length(max=2000)])
