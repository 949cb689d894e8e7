"""Telling users what needs them: invitations, comments, opinions all in."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ..accounts.models import User
from ..errors import Invalid
from ..extensions import db
from ..timeutil import utcnow
from .models import Notification

# What a notification is about; the kinds the review issue sends.
INVITED = "invited"
COMMENTED = "commented"
REPLIED = "replied"
ANSWERED = "answered"
OPINIONS_IN = "opinions_in"


def notify(
    user: User,
    kind: str,
    message: str,
    endpoint: str,
    *,
    act=None,
    now: datetime | None = None,
    **values,
) -> Notification:
    """Queue a notification for `user` in the caller's transaction."""
    notification = Notification(
        user_id=user.id,
        act_id=act.id if act is not None else None,
        kind=kind,
        message=message[:500],
        endpoint=endpoint,
        values=values,
        created_at=now or utcnow(),
    )
    db.session.add(notification)
    return notification


def link(notification: Notification) -> str:
    return url_for(notification.endpoint, **notification.values)


def unread_count(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def list_for(user: User, *, unread_only: bool = False, page: int = 1, per_page: int = 50):
    """The user's notifications, newest first, with the total count."""
    statement = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    items = list(
        db.session.scalars(
            statement.order_by(Notification.id.desc()).limit(per_page).offset((page - 1) * per_page)
        )
    )
    return items, total


def mark_read(user: User, ids: list[int] | None = None, *, now: datetime | None = None) -> int:
    """Mark the user's notifications read (all of them when `ids` is None); how many changed."""
    statement = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if ids is not None:
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise Invalid(_l("Notification ids are whole numbers."), {"ids": "Whole numbers."})
        statement = statement.where(Notification.id.in_(ids))
    result = db.session.execute(statement.values(read_at=now or utcnow()))
    return result.rowcount or 0
