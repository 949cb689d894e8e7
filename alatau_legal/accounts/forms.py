"""Forms of the accounts pages (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from .models import Language, OrganisationKind, Role

LANGUAGE_CHOICES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)])
    remember = BooleanField("Keep me signed in on this computer")


class UserForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(min=2, max=63)])
    full_name = StringField("Full name", validators=[Optional(), Length(max=200)])
    email = StringField("E-mail", validators=[Optional(), Length(max=254)])
    role = SelectField("Role", choices=[(role.value, role.label) for role in Role])
    organisation_id = SelectField("Organisation", coerce=int, choices=[])
    locale = SelectField("Interface language", choices=LANGUAGE_CHOICES, default=Language.EN.value)
    active = BooleanField("Account active", default=True)
    password = PasswordField("Password", validators=[Optional(), Length(max=256)])


class OrganisationForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        "Kind", choices=[(kind.value, kind.value.capitalize()) for kind in OrganisationKind]
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField("New password", validators=[DataRequired(), Length(max=256)])
