"""What every template may use: navigation by role, labels, dates."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_login import current_user

from .accounts.models import Role
from .accounts.permissions import STAFF_ROLES
from .acts.models import ActStatus, ActType, Sector
from .committee.calendar import calendar_url
from .notifications.services import unread_count
from .review.markdown import render as render_markdown

# The main navigation: (endpoint, label, roles that see it; None = every signed-in user).
NAVIGATION = [
    ("acts.index", "Acts", None),
    ("review.my_work", "My work", None),
    ("committee.deadline_dashboard", "Deadlines", None),
    ("committee.meetings", "Meetings", STAFF_ROLES),
    ("acts.new", "New act", {Role.DRAFTER}),
    ("acts.import_docx", "Import Word file", {Role.DRAFTER}),
    ("admin.users", "Users", {Role.ADMIN}),
    ("admin.organisations", "Organisations", {Role.ADMIN}),
]


def navigation_for(user) -> list[tuple[str, str]]:
    """The navigation entries this user may follow."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        (endpoint, label)
        for endpoint, label, roles in NAVIGATION
        if roles is None or user.role in roles
    ]


def format_datetime(value: datetime | None) -> str:
    """A timestamp as people read it here: 24 Nov 2026, 17:45 UTC."""
    if value is None:
        return ""
    return value.strftime("%d %b %Y, %H:%M UTC")


def unread_notifications() -> int:
    """The signed-in user's unread notifications, for the header (0 when signed out)."""
    if not getattr(current_user, "is_authenticated", False):
        return 0
    return unread_count(current_user)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["datetime"] = format_datetime
    # Comment bodies and opinions: sanitised Markdown, the one thing templates mark safe.
    app.jinja_env.filters["markdown"] = render_markdown

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
