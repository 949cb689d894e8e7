"""Forms of the act pages (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..accounts.forms import LANGUAGE_CHOICES
from .models import ActType, Sector

ACT_TYPE_CHOICES = [(kind.value, kind.ui_label) for kind in ActType]
SECTOR_CHOICES = [(sector.value, sector.ui_label) for sector in Sector]


class ActMetadataMixin:
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=500)])
    act_type = SelectField(
        lazy_gettext("Type"), choices=ACT_TYPE_CHOICES, default=ActType.RULES.value
    )
    language = SelectField(lazy_gettext("Language of the text"), choices=LANGUAGE_CHOICES)
    sector = SelectField(
        lazy_gettext("Sector"), choices=SECTOR_CHOICES, default=Sector.INVESTMENT.value
    )
    legal_basis = StringField(
        lazy_gettext("Legal basis"),
        validators=[Optional(), Length(max=500)],
        description=lazy_gettext("The provision of the Constitutional Law this act implements."),
    )


class NewActForm(ActMetadataMixin, FlaskForm):
    template = SelectField(lazy_gettext("Start from"), choices=[], default="")
    text = TextAreaField(lazy_gettext("Text"), validators=[Optional()])


class ImportForm(ActMetadataMixin, FlaskForm):
    file = FileField(lazy_gettext("Word file (.docx)"), validators=[FileRequired()])


class EditForm(FlaskForm):
    base_version = HiddenField()
    text = TextAreaField(lazy_gettext("Text"), validators=[DataRequired()])
    note = StringField(
        lazy_gettext("What changed"),
        validators=[Optional(), Length(max=1000)],
        description=lazy_gettext(
            "A short note for the history, e.g. “Article 7 revised after domestic review”."
        ),
    )


class RestoreForm(FlaskForm):
    note = StringField(lazy_gettext("Note"), validators=[Optional(), Length(max=1000)])


class LanguagesForm(FlaskForm):
    """The act's authentic languages: the translations are checkboxes named `languages`."""

    languages = SelectMultipleField(
        lazy_gettext("Authentic languages"), choices=LANGUAGE_CHOICES, validate_choice=True
    )


class LanguageImportForm(FlaskForm):
    file = FileField(lazy_gettext("Word file (.docx)"), validators=[FileRequired()])


class TranslationForm(FlaskForm):
    """New wording of provisions of a translation (fields `heading-<eId>`, `text-<eId>`) and
    the provisions confirmed as still right (`confirm`), read beside this form."""

    base_version = HiddenField()
    note = StringField(
        lazy_gettext("Note for the history"), validators=[Optional(), Length(max=1000)]
    )


class RenumberForm(FlaskForm):
    base_version = HiddenField()
    note = StringField(lazy_gettext("Note"), validators=[Optional(), Length(max=1000)])
