"""The interface language: English, Russian and Kazakh, with Flask-Babel.

The language of a request is, in order: a `?ui_lang=` the reader just chose (remembered in the
session), the signed-in user's stored choice, the session's earlier choice, the browser's
`Accept-Language`, and English. Message catalogues live in `alatau_legal/translations` and are
compiled by `make setup` (`pybabel compile`), never by hand.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

from flask import Flask, g, has_app_context, has_request_context, request, session
from flask_babel import Babel, LazyString, format_date, get_locale, get_translations, lazy_gettext
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
    app.jinja_env.filters["format_date"] = long_date
    app.jinja_env.globals.update(
        current_language=current_language, LANGUAGES=LANGUAGES, UI_LANGUAGE_NAMES=LANGUAGE_NAMES
    )
    # Templates' `_()` and `ngettext()` without flask-babel's lookups on every call (a page of
    # hundreds of rows spent a third of its time there): same catalogue, same escaping.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )


def long_date(value) -> str:
    """A day in the reader's language, in its one long form: 24 November 2026, 24 ноября
    2026 г. Babel's formatting costs about a millisecond and a page prints the same few days
    on many rows, so each day is formatted once per request and language. An ISO date string
    (as the audit trail's details keep a date) is read first; any other text is left as it is."""
    from .http import request_memo

    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value

    memo = request_memo("long dates")
    if memo is None:
        return format_date(value, "long")
    key = (current_language(), value)
    text = memo.get(key)
    if text is None:
        text = memo[key] = format_date(value, "long")
    return text


def _translations():
    """flask-babel's catalogue for the current locale, found once per locale selection.

    flask-babel keeps the selected locale on its context in `g` (and forgets it on
    `refresh()`); the catalogue is kept beside it, tied to that very locale object, so a
    refreshed or changed locale finds its own catalogue again."""
    context = g.get("_flask_babel") if has_app_context() else None
    locale = getattr(context, "babel_locale", None)
    cached = getattr(context, "alatau_translations", None)
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    context = g.get("_flask_babel") if has_app_context() else None
    locale = getattr(context, "babel_locale", None)
    if locale is not None:
        context.alatau_translations = (locale, translations)
    return translations
