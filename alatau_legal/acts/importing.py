"""Acts from uploaded Word files: a new act, or one language's text of an existing act. The
file is read safely, then parsed like typed text."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..accounts.models import User
from ..accounts.permissions import can_create_act
from ..errors import Forbidden, Invalid, TooLarge, UnsupportedType
from . import languages as act_languages
from . import services
from .docx_import import DocxImportError, read_docx
from .languages import LanguageAlignment
from .models import Act
from .text import ParseIssue

_ERROR_BY_STATUS = {413: TooLarge, 415: UnsupportedType}


def import_docx(
    actor: User,
    *,
    data: bytes,
    title: str,
    act_type: str,
    language: str,
    max_bytes: int,
    max_chars: int,
    sector: str | None = None,
    legal_basis: str = "",
) -> tuple[Act, list[ParseIssue]]:
    """Create an act in drafting from a .docx; a refused file saves nothing.

    The issues returned are what reading the Word file noted (line 0: the file as a whole,
    such as tracked changes taken as accepted), then what the parser reported.
    """
    if not can_create_act(actor):
        raise Forbidden(_l("Only a legal drafter can import acts."))
    try:
        read = read_docx(data, max_bytes=max_bytes)
    except DocxImportError as error:
        raise _ERROR_BY_STATUS.get(error.status, Invalid)(error.message) from None
    act, issues = services.create_act(
        actor,
        title=title,
        act_type=act_type,
        language=language,
        text=read.text,
        max_chars=max_chars,
        sector=sector,
        legal_basis=legal_basis,
        note=services.IMPORTED_NOTE,
    )
    return act, [*(ParseIssue(0, note) for note in read.notes), *issues]


@dataclass
class LanguageImport:
    """A Word file saved as one language's text, and what of it does not align."""

    result: services.SaveResult
    alignment: LanguageAlignment

    @property
    def not_aligned(self) -> list[tuple[str, str]]:
        """(eId, missing / extra / outdated), in the order the alignment lists them."""
        entry = self.alignment
        return (
            [(eid, "missing") for eid in entry.missing]
            + [(eid, "extra") for eid in entry.extra]
            + [(eid, "outdated") for eid in entry.outdated]
        )


def import_language_docx(
    actor: User,
    act_id: int,
    *,
    data: bytes,
    language: str,
    max_bytes: int,
    max_chars: int,
    base_version: int | None = None,
    note: str = "",
) -> LanguageImport:
    """Save a Word file as the text of one language of an existing act (a new version; the
    other languages carried over) and report the provisions that do not align."""
    act = services.get_act(actor, act_id)
    language = act_languages.language_of(act, language)
    try:
        read = read_docx(data, max_bytes=max_bytes)
    except DocxImportError as error:
        raise _ERROR_BY_STATUS.get(error.status, Invalid)(error.message) from None
    result = services.save_version(
        actor,
        act_id,
        base_version=act.current_version if base_version is None else base_version,
        text=read.text,
        note=note or f"The {language} text imported from a Word file",
        language=language,
        max_chars=max_chars,
    )
    result.issues = [*(ParseIssue(0, note) for note in read.notes), *result.issues]
    alignment = act_languages.alignment(act, result.version).languages[language]
    return LanguageImport(result, alignment)
