"""The signed-in user's notifications: list them, mark them read."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from ..extensions import db
from ..notifications import services
from ..notifications.models import Notification as StoredNotification
from . import api_user
from .contract import Answer, operation
from .parsing import TRUE, Body, DbInt, Flag, Paging, Timestamp


class NotificationQuery(Paging):
    unread: Flag = Field(default="0", description="1 or true: only unread ones.")


class MarkRead(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"ids": [4, 5]}]})

    ids: list[DbInt] = Field(
        default=None,
        max_length=1000,
        description="The notifications to mark; without it, every unread one of the user.",
    )


class Notification(Answer):
    """One notification"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 12,
                    "kind": "invited",
                    "message": (
                        "ALC-2026-007 is open for your domestic review of version 1; "
                        "your opinion is due 2026-03-20."
                    ),
                    "act_id": 7,
                    "url": "/acts/ALC-2026-007",
                    "created_at": "2026-03-03T09:00:00+00:00",
                    "read": False,
                }
            ]
        }
    )

    id: int
    kind: str
    message: str
    act_id: int | None
    url: str
    created_at: Timestamp
    read: bool

    @classmethod
    def of(cls, notification: StoredNotification) -> Notification:
        return cls(
            id=notification.id,
            kind=notification.kind,
            message=notification.message,
            act_id=notification.act_id,
            url=services.link(notification),
            created_at=notification.created_at,
            read=notification.read_at is not None,
        )


class NotificationPage(Answer):
    """A page of notifications"""

    items: list[Notification]
    total: int


class Marked(Answer):
    """How many were marked"""

    model_config = ConfigDict(json_schema_extra={"examples": [{"marked": 3}]})

    marked: int


@operation(
    "GET",
    "/notifications",
    tag="Accounts",
    summary="This user's notifications, newest first",
    query=NotificationQuery,
    answers={200: NotificationPage},
)
def list_notifications(query: NotificationQuery) -> NotificationPage:
    items, total = services.list_for(
        api_user(), unread_only=query.unread in TRUE, page=query.page, per_page=query.per_page
    )
    return NotificationPage(items=[Notification.of(n) for n in items], total=total)


@operation(
    "POST",
    "/notifications/read",
    tag="Accounts",
    summary="Mark notifications read (without ids: all of them)",
    body=MarkRead,
    body_required=False,
    answers={200: Marked},
)
def mark_notifications_read(body: MarkRead) -> Marked:
    marked = services.mark_read(api_user(), body.ids)
    db.session.commit()
    return Marked(marked=marked)
