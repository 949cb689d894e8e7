"""Forms of the act pages (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..accounts.forms import LANGUAGE_CHOICES
from .models import ActType, Sector

ACT_TYPE_CHOICES = [(kind.value, kind.label) for kind in ActType]
SECTOR_CHOICES = [(sector.value, sector.label) for sector in Sector]


class ActMetadataMixin:
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    act_type = SelectField("Type", choices=ACT_TYPE_CHOICES, default=ActType.RULES.value)
    language = SelectField("Language of the text", choices=LANGUAGE_CHOICES)
    sector = SelectField("Sector", choices=SECTOR_CHOICES, default=Sector.INVESTMENT.value)
    legal_basis = StringField(
        "Legal basis",
        validators=[Optional(), Length(max=500)],
        description="The provision of the Constitutional Law this act implements.",
    )


class NewActForm(ActMetadataMixin, FlaskForm):
    template = SelectField("Start from", choices=[], default="")
    text = TextAreaField("Text", validators=[Optional()])


class ImportForm(ActMetadataMixin, FlaskForm):
    file = FileField("Word file (.docx)", validators=[FileRequired()])


class EditForm(FlaskForm):
    base_version = HiddenField()
    text = TextAreaField("Text", validators=[DataRequired()])
    note = StringField(
        "What changed",
        validators=[Optional(), Length(max=1000)],
        description="A short note for the history, e.g. “Article 7 revised after domestic review”.",
    )


class RestoreForm(FlaskForm):
    note = StringField("Note", validators=[Optional(), Length(max=1000)])
