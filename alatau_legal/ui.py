"""What every template may use: navigation by role, labels, dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Flask, url_for
from flask_babel import format_decimal, gettext, lazy_gettext
from flask_login import current_user
from markupsafe import Markup, escape

from .accounts.models import Role
from .accounts.permissions import STAFF_ROLES
from .acts.models import ActStatus, ActType, Sector
from .acts.services import RESTORED_NOTE, SYSTEM_NOTES
from .acts.text.labels import label_for_eid
from .acts.text.parts import part_starts
from .committee.business_days import business_days_between
from .committee.calendar import calendar_url
from .http import request_memo
from .i18n import current_language, long_date
from .notifications.services import unread_count
from .review import reasons
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
    eIds stay in URLs and HTML ids; people read this. Without `provisions`, each name is made
    once per request (the act page names each provision several times)."""
    if not eid:
        return ""
    memo = request_memo("provision names") if provisions is None else None
    key = (eid, capitalise)
    if memo is not None:
        name = memo.get(key)
        if name is not None:
            return name
    try:
        name = label_for_eid(eid, provisions, current_language(), capitalise=capitalise)
    except ValueError:
        name = str(lazy_gettext("a provision that is no longer in the text"))
    if memo is not None:
        memo[key] = name
    return name


def text_lines(text: str | None) -> Markup:
    """Plain text with its line breaks kept as <br>, every line escaped (the `lines` macro of
    macros.html, without a macro call per line)."""
    return _BR.join([escape(line) for line in (text or "").split("\n")])


_BR = Markup("<br>")
_SAFE_EID = re.compile(r"[A-Za-z0-9_.~-]+")


def _trusted(translated: str) -> Markup:
    """A translated message as a template's `_()` gives it: the catalogue's text trusted, as
    Jinja's newstyle gettext trusts it. One with `%(provision)s` (asked for with that very
    text as the value) is filled in per provision with `%`, which escapes the name as `_()`
    does."""
    return Markup(translated)  # noqa: S704


_NAME = "%(provision)s"


def text_strings() -> dict:
    """The words the act's text repeats beside every provision, translated once per request
    (a template's `_()` per provision was a third of the act page's time)."""
    memo = request_memo("text strings")
    strings = memo.get("strings") if memo is not None else None
    if strings is not None:
        return strings
    strings = {
        "language": current_language(),
        "history": _trusted(gettext("history")),
        "of": _trusted(gettext("of %(provision)s", provision=_NAME)),
        "link_title": _trusted(gettext("Link to %(provision)s", provision=_NAME)),
        "link_to": _trusted(gettext("link to %(provision)s", provision=_NAME)),
        "on": _trusted(gettext(" on %(provision)s", provision=_NAME)),
        "comment_on": _trusted(gettext("Comment on %(provision)s", provision=_NAME)),
        "quoted_text": _trusted(gettext("Quoted text")),
        "optional": _trusted(gettext("(optional)")),
        "quote_help": _trusted(
            gettext(
                "Select words in the provision to quote them, or copy them here exactly as"
                " they stand."
            )
        ),
        "your_comment": _trusted(gettext("Your comment")),
        "markdown_help": _trusted(
            gettext("Plain text or simple Markdown (*emphasis*, lists, links).")
        ),
        "post_comment": _trusted(gettext("Post the comment")),
        "referred_from": _trusted(gettext("Referred to from")),
    }
    if memo is not None:
        memo["strings"] = strings
    return strings


def provision_tools(eid: str, act, language: str | None, public: bool, count: str = "") -> Markup:
    """The small links beside a provision on the act's page (acts/_text.html): `count` (its
    comments, review/_act_review.html's count_link), its history and a link to itself; on the
    public register only the last. Made here, not in a macro: the words, the provision's name
    and the history URL's stem are found once per request, not once per provision; every
    value is escaped once and the line built as one string."""
    strings = text_strings()
    name = {"provision": escape(provision_name(eid, capitalise=False))}
    anchor = escape(eid)
    html = f'<span class="provision-tools" lang="{escape(strings["language"])}">'
    if not public:
        drafting = act.language.value
        url = url_with_eid(
            "acts.provision_history",
            eid,
            number=act.number,
            language=language if language and language != drafting else None,
        )
        html += (
            f"\n  {escape(count)}\n  "
            f'<a href="{escape(url)}">{strings["history"]}'
            f'<span class="visually-hidden"> {str(strings["of"]) % name}</span></a>'
        )
    html += (
        f'\n  <a class="self-link" href="#{anchor}" title="{str(strings["link_title"]) % name}">'
        f'#<span class="visually-hidden"> {str(strings["link_to"]) % name}</span></a>\n</span>'
    )
    return Markup(html)  # noqa: S704 (every value above is escaped or a trusted translation)


def url_with_eid(endpoint: str, eid: str, **values) -> str:
    """`url_for(endpoint, eid=eid, **values)`, the URL built once per request and endpoint
    and values, then the eId put in its place (url_for costs ~0.1 ms; a page links each of
    hundreds of provisions)."""
    memo = request_memo("eid urls")
    if memo is None or not _SAFE_EID.fullmatch(eid):
        return url_for(endpoint, eid=eid, **values)
    key = (endpoint, *sorted(values.items()))
    parts = memo.get(key)
    if parts is None:
        parts = memo[key] = url_for(endpoint, eid="EIDXEIDXEID", **values).split("EIDXEIDXEID")
    if len(parts) != 2:
        return url_for(endpoint, eid=eid, **values)
    return parts[0] + eid + parts[1]


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
    # A transition's reason: a committee decision's sentence in the reader's language.
    app.jinja_env.globals["transition_reason"] = reasons.shown
    app.jinja_env.filters["lines"] = text_lines
    app.jinja_env.globals["text_strings"] = text_strings
    app.jinja_env.globals["url_with_eid"] = url_with_eid
    app.jinja_env.globals["provision_tools"] = provision_tools
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
