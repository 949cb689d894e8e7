"""Forms of the accounts pages (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..i18n import LANGUAGE_NAMES, LANGUAGES
from .models import Language, OrganisationKind, Role

# Each language is named in itself, so a reader finds theirs whatever the page's language.
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(_l("Keep me signed in on this computer"))


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(min=2, max=63)])
    full_name = StringField(_l("Full name"), validators=[Optional(), Length(max=200)])
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    role = SelectField(_l("Role"), choices=[(role.value, role.ui_label) for role in Role])
    organisation_id = SelectField(_l("Organisation"), coerce=int, choices=[])
    locale = SelectField(
        _l("Interface language"), choices=LANGUAGE_CHOICES, default=Language.EN.value
    )
    active = BooleanField(_l("Account active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=256)])


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind"), choices=[(kind.value, kind.ui_label) for kind in OrganisationKind]
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])


class LanguageForm(FlaskForm):
    """The interface language on the profile page; empty follows the browser."""

    ui_language = SelectField(
        _l("Interface language"),
        choices=[("", _l("As my browser asks")), *LANGUAGE_CHOICES],
        default="",
        validate_choice=True,
    )
