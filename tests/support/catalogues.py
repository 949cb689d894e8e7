"""The interface's message catalogues for tests: compiled from the .po files when needed."""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from alatau_legal.i18n import LANGUAGES, TRANSLATIONS

POT = TRANSLATIONS / "messages.pot"


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def read_catalogue(path: Path, language: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def compile_catalogues() -> None:
    """Write each .mo that is missing or older than its .po, as `make setup` does.

    A fresh clone has no .mo files (they are built, never committed); the tests then build
    them so pages render translated.
    """
    for language in LANGUAGES:
        po = po_path(language)
        mo = po.with_suffix(".mo")
        if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
            catalogue = read_catalogue(po, language)
            # Written aside and renamed: another xdist worker may be reading the .mo now.
            partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
            with partial.open("wb") as handle:
                write_mo(handle, catalogue)
            os.replace(partial, mo)
