"""A new act from an uploaded Word file: the file is read safely, then parsed like typed text."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..accounts.models import User
from ..accounts.permissions import can_create_act
from ..errors import Forbidden, Invalid, TooLarge, UnsupportedType
from . import services
from .docx_import import DocxImportError, read_docx
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
