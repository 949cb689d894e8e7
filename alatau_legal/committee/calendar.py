"""Each user's private calendar feed: their deadlines and the committee's meetings, as
iCalendar, at a URL whose secret token is the only authentication.

The token is signed, not stored: `<user id>.<HMAC of the user id and their calendar
generation>` under the app's secret key. Revoking bumps the generation, so the old URL stops
working at once and nothing secret sits in the database.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from icalendar import Calendar, Event
from sqlalchemy import select

from ..accounts.models import User
from ..accounts.permissions import can_view_meetings
from ..audit import chain
from ..errors import NotFound
from ..extensions import db
from ..timeutil import utcnow
from . import deadlines as deadline_items
from . import services
from .models import Meeting

PRODID = "-//Alatau Legal//Deadlines and meetings//EN"
# Meetings are held in Alatau; their start times are its wall-clock time.
ALATAU = ZoneInfo("Asia/Almaty")
MEETING_LENGTH = timedelta(hours=2)


def _signature(user: User) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = f"calendar:{user.id}:{user.calendar_generation}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:40]


def token_for(user: User) -> str:
    return f"{user.id}.{_signature(user)}"


def calendar_url(user: User) -> str:
    return url_for("committee.calendar_feed", token=token_for(user), _external=True)


def user_for_token(token: str) -> User:
    """The user whose current token this is (else 404, whatever is wrong with it)."""
    user_id, _, signature = token.partition(".")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 12 else None
    if user is None or not user.active or not hmac.compare_digest(signature, _signature(user)):
        raise NotFound(_l("This calendar address is not valid: it was revoked or mistyped."))
    return user


def revoke(user: User, *, now: datetime | None = None) -> str:
    """A new calendar URL for the user; the old one stops working at once."""
    user.calendar_generation += 1
    chain.record("calendar.revoked", actor=user, now=now or utcnow())
    db.session.flush()
    return calendar_url(user)


def _event(uid: str, day, summary: str, description: str, url: str, now: datetime) -> Event:
    """An all-day event."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    if day < date.max:  # a DATE start without an end lasts the day (RFC 5545, 3.6.1)
        event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    return event


def feed(user: User, *, now: datetime | None = None) -> bytes:
    """The user's deadlines (all-day events) and the meetings they may see."""
    now = now or utcnow()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Alatau Legal — {user.display_name}")
    host = current_app.config.get("SERVER_NAME") or "alatau-legal"
    for item in deadline_items.all_deadlines(now.date()):
        if item.who.id != user.id:
            continue
        summary = f"{item.label} due: {item.act.number} — {item.what}"
        url = url_for("acts.show", number=item.act.number, _external=True)
        event = _event(f"{item.key}@{host}", item.due, summary, f"{item.act.title}\n{item.what}",
                       url, now)  # fmt: skip
        cal.add_component(event)
    if can_view_meetings(user):
        recent = select(Meeting).where(Meeting.date >= now.date() - timedelta(days=90))
        for meeting in db.session.scalars(recent.order_by(Meeting.date)):
            agenda = ", ".join(item.act.number for item in meeting.agenda) or "to be set"
            url = url_for("committee.meeting", meeting_id=meeting.id, _external=True)
            event = _event(f"meeting:{meeting.id}@{host}", meeting.date,
                           f"Operational Committee: {meeting.title}", f"Agenda: {agenda}", url,
                           now)  # fmt: skip
            if meeting.start_time is not None:
                start = datetime.combine(meeting.date, meeting.start_time, tzinfo=ALATAU)
                for name in ("dtstart", "dtend"):
                    event.pop(name, None)
                event.add("dtstart", start)
                event.add("dtend", start + MEETING_LENGTH)
            if meeting.place:
                event.add("location", meeting.place)
            # A reschedule bumps the sequence, so calendar clients replace the old entry.
            event.add("sequence", len(services.meeting_changes(user, meeting)))
            cal.add_component(event)
    return cal.to_ical()
