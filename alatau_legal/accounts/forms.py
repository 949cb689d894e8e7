"""Forms of the accounts pages (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..i18n import LANGUAGE_NAMES, LANGUAGES
from .models import Language, OrganisationKind, Role

# Each language is named in itself, so a reader finds theirs whatever the page's language.
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]


class LoginForm(FlaskForm):
    username = StringField(lazy_gettext("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(lazy_gettext("Keep me signed in on this computer"))


class UserForm(FlaskForm):
    username = StringField(
        lazy_gettext("Username"), validators=[DataRequired(), Length(min=2, max=63)]
    )
    full_name = StringField(lazy_gettext("Full name"), validators=[Optional(), Length(max=200)])
    email = StringField(lazy_gettext("E-mail"), validators=[Optional(), Length(max=254)])
    role = SelectField(lazy_gettext("Role"), choices=[(role.value, role.ui_label) for role in Role])
    organisation_id = SelectField(lazy_gettext("Organisation"), coerce=int, choices=[])
    locale = SelectField(
        lazy_gettext("Interface language"), choices=LANGUAGE_CHOICES, default=Language.EN.value
    )
    active = BooleanField(lazy_gettext("Account active"), default=True)
    password = PasswordField(lazy_gettext("Password"), validators=[Optional(), Length(max=256)])


class OrganisationForm(FlaskForm):
    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        lazy_gettext("Kind"), choices=[(kind.value, kind.ui_label) for kind in OrganisationKind]
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(lazy_gettext("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        lazy_gettext("New password"), validators=[DataRequired(), Length(max=256)]
    )


class LanguageForm(FlaskForm):
    """The interface language on the profile page (and the header's buttons)."""

    locale = SelectField(
        lazy_gettext("Interface language"),
        choices=LANGUAGE_CHOICES,
        default=Language.EN.value,
        validate_choice=True,
    )
