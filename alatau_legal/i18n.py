"""The interface language: English, Russian and Kazakh, with Flask-Babel.

The language of a request is, in order: a `?ui_lang=` the reader just chose (remembered in the
session), the signed-in user's stored choice, the session's earlier choice, the browser's
`Accept-Language`, and English. Message catalogues live in `alatau_legal/translations` and are
compiled by `make setup` (`pybabel compile`), never by hand.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask_babel import Babel, LazyString, format_date, get_locale, lazy_gettext
from flask_login import current_user

LANGUAGES = ("en", "ru", "kk")
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
TRANSLATIONS = Path(__file__).resolve().parent / "translations"

babel = Babel()


def N_(message: str) -> str:
    """Mark an English label for the catalogues without translating it here.

    Enum labels stay English where code uses them (API JSON, documents, logs, service
    messages); `ui_label` translates them for pages.
    """
    return message


class LabelledEnum(StrEnum):
    """An enum whose `label` (English, marked with `N_`) pages show translated as `ui_label`."""

    @property
    def label(self) -> str:
        raise NotImplementedError

    @property
    def ui_label(self):
        return lazy_gettext(self.label)


def lazy_lower(value) -> LazyString:
    """A (lazily translated) label in lower case, as it reads inside a sentence."""
    return LazyString(lambda: str(value).lower())


def lazy_date(value) -> LazyString:
    """A date inside a message, in the long form of the language it is read in."""
    return LazyString(lambda: format_date(value, "long"))


def lazy_join(items, separator=", ") -> LazyString:
    """Items (some lazily translated) joined, translated when the message is shown."""
    items = list(items)
    return LazyString(lambda: str(separator).join(str(item) for item in items))


def select_language() -> str:
    if not has_request_context():
        return "en"  # a command or a background job: messages in English
    # Not `lang`: that filters search results by the act's language (API.md).
    chosen = request.args.get("ui_lang", "").strip().lower()
    if chosen in LANGUAGES:
        session["lang"] = chosen
        return chosen
    stored = getattr(getattr(current_user, "locale", None), "value", None)
    if getattr(current_user, "is_authenticated", False) and stored in LANGUAGES:
        return stored
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    return request.accept_languages.best_match(LANGUAGES) or "en"


def current_language() -> str:
    return str(get_locale() or "en")


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_language,
        default_translation_directories=str(TRANSLATIONS),
    )
    # A date as the reader's language writes it: 24 November 2026, 24 ноября 2026 г.
    app.jinja_env.filters["format_date"] = lambda value: format_date(value, "long")
    app.jinja_env.globals.update(
        current_language=current_language, LANGUAGES=LANGUAGES, UI_LANGUAGE_NAMES=LANGUAGE_NAMES
    )
