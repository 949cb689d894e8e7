"""What every template may use: navigation by role, labels, dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask_babel import format_decimal, gettext, lazy_gettext
from flask_login import current_user

from .accounts.models import Role
from .accounts.permissions import STAFF_ROLES
from .acts.models import ActStatus, ActType, Sector
from .acts.services import RESTORED_NOTE, SYSTEM_NOTES
from .acts.text.labels import label_for_eid
from .acts.text.parts import part_starts
from .committee.business_days import business_days_between
from .committee.calendar import calendar_url
from .i18n import current_language, long_date
from .notifications.services import unread_count
from .review.markdown import render as render_markdown

# Entries of the navigation that the public sees too (no sign-in).
EVERYONE = "everyone"
# The main navigation: (endpoint, label, roles that see it; None = every signed-in user).
NAVIGATION = [
    ("acts.index", lazy_gettext("Acts"), None),
    ("review.my_work", lazy_gettext("My work"), None),
    ("committee.deadline_dashboard", lazy_gettext("Deadlines"), None),
    ("committee.meetings", lazy_gettext("Meetings"), STAFF_ROLES),
    ("acts.new", lazy_gettext("New act"), {Role.DRAFTER}),
    ("acts.import_docx", lazy_gettext("Import Word file"), {Role.DRAFTER}),
    ("admin.users", lazy_gettext("Users"), {Role.ADMIN}),
    ("admin.organisations", lazy_gettext("Organisations"), {Role.ADMIN}),
    ("register.index", lazy_gettext("Public register"), EVERYONE),
]


def navigation_for(user) -> list[tuple[str, str]]:
    """The navigation entries this user may follow."""
    if not getattr(user, "is_authenticated", False):
        return [(endpoint, label) for endpoint, label, roles in NAVIGATION if roles == EVERYONE]
    return [
        (endpoint, label)
        for endpoint, label, roles in NAVIGATION
        if roles in (None, EVERYONE) or user.role in roles
    ]


def format_datetime(value: datetime | None) -> str:
    """A timestamp in the page's language, always in UTC, its day in the language's one date
    format (the long form): 24 November 2026, 17:45 UTC; 24 ноября 2026 г., 17:45 UTC."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    # "HH:mm" as Babel writes it in every language: two ASCII digits each.
    return f"{long_date(value.date())}, {value.hour:02d}:{value.minute:02d} UTC"


def format_day(value: date | None) -> str:
    """A calendar day in the page's language, in its long form: 24 November 2026."""
    if value is None:
        return ""
    return long_date(value)


def version_note(note: str | None) -> str:
    """A version's note: the system's own notes in the page's language, a person's as written."""
    if not note:
        return ""
    if note in SYSTEM_NOTES:
        return gettext(note)
    restored = RESTORED_NOTE.fullmatch(note)
    if restored:
        return gettext("Restored the text of version %(number)s", number=restored.group(1))
    return note


def format_number(value: int | float | None) -> str:
    """A number with the locale's digit grouping and decimal sign."""
    if value is None:
        return ""
    return format_decimal(value)


def provision_name(eid: str | None, provisions=None, *, capitalise: bool = True) -> str:
    """What a lawyer calls the provision `eid` in the reader's language ("пункт 2 статьи 7",
    "Article 7(2)"); `provisions` (eId → flat provision of the version) gives printed numbers.
    eIds stay in URLs and HTML ids; people read this."""
    if not eid:
        return ""
    try:
        return label_for_eid(eid, provisions, current_language(), capitalise=capitalise)
    except ValueError:
        return str(lazy_gettext("a provision that is no longer in the text"))


def unread_notifications() -> int:
    """The signed-in user's unread notifications, for the header (0 when signed out)."""
    if not getattr(current_user, "is_authenticated", False):
        return 0
    return unread_count(current_user)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["version_note"] = version_note
    # Comment bodies and opinions: sanitised Markdown, the one thing templates mark safe.
    app.jinja_env.filters["markdown"] = render_markdown
    # A global, not a context variable: the macros of imported templates name provisions too.
    app.jinja_env.globals["provision_name"] = provision_name
    # Where an explanatory note, an approving decision, its act or an annex starts.
    app.jinja_env.globals["text_part_starts"] = part_starts
    # Every "days left" is counted in business days (Kazakhstan's weekends and holidays).
    app.jinja_env.globals["business_days_left"] = business_days_between

    @app.context_processor
    def _globals():
        return {
            "navigation": navigation_for(current_user),
            "ActStatus": ActStatus,
            "ActType": ActType,
            "Sector": Sector,
            # The header's unread count: one COUNT per page, made while the header renders.
            "unread_notifications": unread_notifications,
            "calendar_url": calendar_url,
        }
